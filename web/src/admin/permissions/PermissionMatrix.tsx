import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  addRole,
  permissionRows,
  readPermissions,
  removeRole,
  setPermission,
  type PermissionMatrix as Matrix,
  type PermissionRow,
} from '../../../../src/client/permissions.js';
import { useSession } from '../../session/session';
import { Problem } from '../../ui/fields';
import { useAction } from '../../ui/use-action';
import { useLoaded } from '../../ui/use-loaded';

/** The words of a key in the page's language: i18next nests on dots, so `sponsor.O` is looked up as `sponsor_O`. */
const keyWords = (key: string) => key.replaceAll('.', '_');

/**
 * The space's permission matrix as an editable table: a row per key, a checkbox per role. A cell
 * the space changed is marked, and can go back to the default. The treasurer's cells of the keys it
 * can never lose are shown locked (the server refuses them anyway, with TREASURER_LOCKOUT).
 */
export function PermissionMatrix() {
  const { t } = useTranslation();
  const { client, account } = useSession();
  const load = useCallback(() => readPermissions(client), [client]);
  const { data, problem: loadProblem, setData } = useLoaded(load);
  const { busy, problem, run } = useAction();
  const [newRole, setNewRole] = useState('');
  const change = (work: () => Promise<Matrix>) => void run(async () => setData(await work()));
  const add = (event: FormEvent) => {
    event.preventDefault();
    change(async () => {
      const matrix = await addRole(client, newRole.trim());
      setNewRole('');
      return matrix;
    });
  };

  // What the matrix says of the account's own roles: without `permissions.edit` it is shown read-only.
  const canEdit = data?.cells.some((c) => c.permission === 'permissions.edit' && c.allowed && account?.roles.includes(c.role)) ?? false;

  return (
    <section className="card" aria-labelledby="permissions-title" aria-busy={data === null && loadProblem === null}>
      <div className="panel-head">
        <h2 id="permissions-title">{t('admin.tabs.permissions')}</h2>
      </div>
      <p className="muted">{t('admin.permissions.intro')}</p>
      {data && !canEdit && <p className="banner">{t('admin.permissions.readOnly')}</p>}
      <Problem text={loadProblem ?? problem} />
      {data && (
        <>
          <div className="scroll">
            <table className="matrix" aria-label={t('admin.permissions.caption')}>
              <thead>
                <tr>
                  <th scope="col">{t('admin.permissions.key')}</th>
                  {data.roles.map((role) => (
                    <th scope="col" key={role.name}>
                      {role.builtIn ? t(`admin.roles.${role.name}`) : role.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {permissionRows(data).map((row) => (
                  <MatrixRow
                    key={row.key}
                    row={row}
                    busy={busy}
                    editable={canEdit}
                    onChange={(role, allowed) => change(() => setPermission(client, role, row.key, allowed))}
                  />
                ))}
              </tbody>
            </table>
          </div>
          {canEdit && (
            <>
              <ul className="custom-roles" aria-label={t('admin.permissions.customRoles')}>
                {data.roles
                  .filter((role) => !role.builtIn)
                  .map((role) => (
                    <li key={role.name}>
                      {role.name}
                      <button
                        type="button"
                        className="secondary"
                        disabled={busy}
                        onClick={() => change(() => removeRole(client, role.name))}
                      >
                        {t('admin.permissions.removeRole', { role: role.name })}
                      </button>
                    </li>
                  ))}
              </ul>
              <form className="add-role" onSubmit={add}>
                <label>
                  {t('admin.permissions.newRole')}
                  <input value={newRole} onChange={(e) => setNewRole(e.target.value)} pattern="[a-z][a-z0-9\-]{1,23}" required />
                </label>
                <button type="submit" disabled={busy}>
                  {t('admin.permissions.addRole')}
                </button>
              </form>
            </>
          )}
        </>
      )}
    </section>
  );
}

function MatrixRow({
  row,
  busy,
  editable,
  onChange,
}: {
  row: PermissionRow;
  busy: boolean;
  editable: boolean;
  onChange: (role: string, allowed: boolean | null) => void;
}) {
  const { t } = useTranslation();
  const words = t(`admin.keys.${keyWords(row.key)}`, { defaultValue: row.description });
  const roleName = (role: string) => t(`admin.roles.${role}`, { defaultValue: role });
  return (
    <tr>
      <th scope="row">
        <span className="key-words">{words}</span> <code>{row.key}</code>
        {row.scope === 'partition' && <span className="muted"> · {t('admin.permissions.partitionScope')}</span>}
      </th>
      {row.cells.map((cell) => (
        <td key={cell.role} className={cell.overridden ? 'overridden' : undefined} data-label={roleName(cell.role)}>
          <input
            type="checkbox"
            checked={cell.allowed}
            disabled={busy || !editable || cell.locked}
            aria-label={t('admin.permissions.cell', { role: cell.role, key: row.key })}
            onChange={(e) => onChange(cell.role, e.target.checked)}
          />
          {cell.overridden && editable && (
            <button
              type="button"
              className="link"
              disabled={busy}
              aria-label={t('admin.permissions.reset', { role: cell.role, key: row.key })}
              title={t('admin.permissions.resetTitle')}
              onClick={() => onChange(cell.role, null)}
            >
              ↺
            </button>
          )}
        </td>
      ))}
    </tr>
  );
}
