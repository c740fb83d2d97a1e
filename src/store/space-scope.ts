import {
  AliasNode,
  AndNode,
  BinaryOperationNode,
  ColumnNode,
  IdentifierNode,
  ListNode,
  OnNode,
  OperatorNode,
  ParensNode,
  PrimitiveValueListNode,
  ReferenceNode,
  SelectAllNode,
  SelectQueryNode,
  TableNode,
  ValueNode,
  ValuesNode,
  WhereNode,
  type ColumnUpdateNode,
  type DeleteQueryNode,
  type InsertQueryNode,
  type JoinNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type UpdateQueryNode,
} from 'kysely';
import type { Database } from './schema.js';

/**
 * The column holding each table's space: every table of the schema must be listed (a new table is a
 * compile error until it is). `spaces` is its own scope; the migration ledger belongs to no space.
 */
export const spaceColumns: { [Table in keyof Database]: 'space_id' | 'id' | null } = {
  ilot_migrations: null,
  spaces: 'id',
  audit_entries: 'space_id',
  sessions: 'space_id',
  site_settings: 'space_id',
  phrase_prefixes: 'space_id',
  sponsorships: 'space_id',
  accounts: 'space_id',
  avatars: 'space_id',
  partitions: 'space_id',
  switch_agreements: 'space_id',
  contacts: 'space_id',
  tasks: 'space_id',
  task_runs: 'space_id',
  audit_checkpoints: 'space_id',
  space_stats: 'space_id',
  partition_stats: 'space_id',
  quota_warnings: 'space_id',
  subtree_versions: 'space_id',
  notes: 'space_id',
  tombstones: 'space_id',
  account_usage: 'space_id',
  uploads: 'space_id',
  files: 'space_id',
  account_consumption: 'space_id',
  space_consumption: 'space_id',
  chats: 'space_id',
  chat_sides: 'space_id',
  chat_items: 'space_id',
  groups: 'space_id',
  group_members: 'space_id',
  group_invitations: 'space_id',
  group_votes: 'space_id',
  group_mode_votes: 'space_id',
  group_keys: 'space_id',
  group_key_copies: 'space_id',
  group_chat_items: 'space_id',
  group_note_authors: 'space_id',
  group_note_hashtags: 'space_id',
  // A fleet is the provider's (0) or an organization's; its agents are confined to it. The app
  // catalog is the site's and every fleet reads it: no scope.
  fleet_hosts: 'space_id',
  fleet_apps: null,
  fleet_app_versions: null,
  fleet_permissions: 'space_id',
  fleet_commands: 'space_id',
  fleet_rollouts: 'space_id',
  custom_roles: 'space_id',
  permission_overrides: 'space_id',
  notifications: 'space_id',
  account_costs: 'space_id',
  account_balances: 'space_id',
  tickets: 'space_id',
  spent_credits: 'space_id',
  credit_keys: 'space_id',
};

function spaceColumnOf(table: TableNode): string | null {
  return (spaceColumns as Record<string, string | null>)[table.table.identifier.name] ?? null;
}

/** A table of a FROM, JOIN or USING, with its alias if any; null for subqueries. */
function tableOf(node: OperationNode): { table: TableNode; alias: string | null } | null {
  if (TableNode.is(node)) return { table: node, alias: null };
  if (AliasNode.is(node) && TableNode.is(node.node) && IdentifierNode.is(node.alias)) return { table: node.node, alias: node.alias.name };
  return null;
}

/** Existing conditions keep their own grouping whatever they are (raw SQL with an `or` included). */
function and(existing: OperationNode | undefined, condition: OperationNode): OperationNode {
  if (!existing) return condition;
  return AndNode.create(BinaryOperationNode.is(existing) || ParensNode.is(existing) ? existing : ParensNode.create(existing), condition);
}

const describe = (value: unknown) =>
  value && typeof value === 'object' && 'kind' in value ? `an expression (${String(value.kind)})` : String(value);

const isNode = (value: unknown): value is OperationNode =>
  typeof value === 'object' && value !== null && typeof (value as OperationNode).kind === 'string';

/** Nodes that cannot hold a query: most of a tree, skipped whole. Values hold data, not nodes. */
const leaves = new Set<string>([
  'IdentifierNode',
  'SchemableIdentifierNode',
  'TableNode',
  'ColumnNode',
  'ReferenceNode',
  'SelectAllNode',
  'OperatorNode',
  'ValueNode',
  'PrimitiveValueListNode',
  'DefaultInsertValueNode',
  'OrActionNode',
]);

/**
 * Rewrites the queries of a tree, innermost first. Only the nodes on the way to a query are copied
 * (Kysely's OperationNodeTransformer copies every node, which doubled the cost of building a query).
 */
class SpaceScopeRewriter {
  /** The condition on each table (or alias), built once: nodes are immutable, so queries share them. */
  private readonly conditions = new Map<string, OperationNode>();

  constructor(private readonly spaceId: number) {}

  rewrite<Node extends OperationNode>(node: Node): Node {
    const visited = this.children(node);
    switch (visited.kind) {
      case 'SelectQueryNode':
        return this.select(visited as unknown as SelectQueryNode) as unknown as Node;
      case 'UpdateQueryNode':
        return this.update(visited as unknown as UpdateQueryNode) as unknown as Node;
      case 'DeleteQueryNode':
        return this.delete(visited as unknown as DeleteQueryNode) as unknown as Node;
      case 'InsertQueryNode':
        return this.insert(visited as unknown as InsertQueryNode) as unknown as Node;
      case 'MergeQueryNode':
        throw new Error('MERGE is not supported in a space-scoped transaction');
      default:
        return visited;
    }
  }

  /** The node with its children rewritten; the same node when none changed. */
  private children<Node extends OperationNode>(node: Node): Node {
    if (leaves.has(node.kind)) return node;
    let copy: Record<string, unknown> | undefined;
    const fields = node as unknown as Record<string, unknown>;
    for (const key in fields) {
      const child = fields[key];
      let next = child;
      if (Array.isArray(child)) {
        let items: unknown[] | undefined;
        for (let i = 0; i < child.length; i++) {
          const item: unknown = child[i];
          const rewritten = isNode(item) ? this.rewrite(item) : item;
          if (rewritten !== item) (items ??= [...(child as unknown[])])[i] = rewritten;
        }
        next = items ?? child;
      } else if (isNode(child)) {
        next = this.rewrite(child);
      }
      if (next !== child) (copy ??= { ...fields })[key] = next;
    }
    return (copy as unknown as Node | undefined) ?? node;
  }

  private select(query: SelectQueryNode): SelectQueryNode {
    return this.scoped(query, query.from?.froms ?? []);
  }

  private update(query: UpdateQueryNode): UpdateQueryNode {
    const targets = query.table && ListNode.is(query.table) ? query.table.items : query.table ? [query.table] : [];
    for (const target of targets) this.checkUpdates(target, query.updates);
    return this.scoped(query, [...targets, ...(query.from?.froms ?? [])]);
  }

  private delete(query: DeleteQueryNode): DeleteQueryNode {
    return this.scoped(query, [...query.from.froms, ...(query.using?.tables ?? [])]);
  }

  /**
   * Rows inserted into a space's table must carry the space: given values are checked (a mismatch is
   * a programming error); rows taken from a select keep only those of the space. An upsert updates
   * only a row of the space.
   */
  private insert(query: InsertQueryNode): InsertQueryNode {
    const column = query.into ? spaceColumnOf(query.into) : null;
    if (!query.into || !column) return query;
    const table = query.into.table.identifier.name;
    if (query.replace || query.orAction?.action === 'replace')
      throw new Error(`insert or replace into ${table} could replace another space's row`);
    const index = query.columns?.findIndex((c) => c.column.name === column) ?? -1;
    if (index < 0) throw new Error(`an insert into ${table} must give ${column}`);
    let values = query.values;
    if (values && ValuesNode.is(values)) {
      for (const row of values.values) {
        // Only a plain value can be checked: an expression (subquery, raw SQL, default) is refused.
        const item = PrimitiveValueListNode.is(row) ? undefined : row.values[index];
        const value = PrimitiveValueListNode.is(row) ? row.values[index] : item && ValueNode.is(item) ? item.value : item;
        if (value !== this.spaceId) throw new Error(`an insert into ${table} in space ${this.spaceId} gives ${column} ${describe(value)}`);
      }
    } else if (values && SelectQueryNode.is(values)) {
      values = this.keepRowsOfSpace(values, index, table);
    } else {
      throw new Error(`an insert into ${table} must give its rows as values or a select`);
    }
    let onConflict = query.onConflict;
    if (onConflict?.updates) {
      this.checkUpdates(query.into, onConflict.updates);
      onConflict = {
        ...onConflict,
        updateWhere: WhereNode.create(and(onConflict.updateWhere?.where, this.condition({ table: query.into, alias: null })!)),
      };
    }
    return { ...query, values, onConflict };
  }

  /** `<table>.<space column> = <space>` for every table of the space: FROM tables in the WHERE, joined ones in their ON (a left join keeps its meaning). */
  private scoped<Query extends SelectQueryNode | UpdateQueryNode | DeleteQueryNode>(query: Query, tables: readonly OperationNode[]): Query {
    let where = query.where?.where;
    for (const node of tables) {
      const found = tableOf(node);
      const condition = found && this.condition(found);
      if (condition) where = and(where, condition);
    }
    const joins = query.joins?.map((join): JoinNode => {
      const found = tableOf(join.table);
      const condition = found && this.condition(found);
      if (!found || !condition) return join;
      if (join.joinType === 'RightJoin' || join.joinType === 'FullJoin')
        throw new Error(`a ${join.joinType} keeps rows of ${found.table.table.identifier.name} from every space`);
      if (!join.on) {
        // A cross join: the condition filters the product.
        where = and(where, condition);
        return join;
      }
      return { ...join, on: OnNode.create(and(join.on.on, condition)) };
    });
    return { ...query, joins, where: where && WhereNode.create(where) };
  }

  /** `<table or alias>.<space column> = <space>`, or null for a table of no space. */
  private condition({ table, alias }: { table: TableNode; alias: string | null }): OperationNode | null {
    const column = spaceColumnOf(table);
    if (!column) return null;
    const key = `${alias ?? ''}|${table.table.schema?.name ?? ''}.${table.table.identifier.name}`;
    let condition = this.conditions.get(key);
    if (!condition) {
      condition = BinaryOperationNode.create(
        ReferenceNode.create(ColumnNode.create(column), alias ? TableNode.create(alias) : table),
        OperatorNode.create('='),
        ValueNode.create(this.spaceId),
      );
      this.conditions.set(key, condition);
    }
    return condition;
  }

  /** An update may set the space column only to the space itself: rows never move between spaces. */
  private checkUpdates(target: OperationNode, updates: readonly ColumnUpdateNode[] | undefined): void {
    const found = tableOf(target);
    const column = found && spaceColumnOf(found.table);
    if (!column) return;
    for (const update of updates ?? []) {
      const name = ColumnNode.is(update.column)
        ? update.column.column.name
        : ReferenceNode.is(update.column) && ColumnNode.is(update.column.column)
          ? update.column.column.column.name
          : null;
      if (name === column && !(ValueNode.is(update.value) && update.value.value === this.spaceId)) {
        throw new Error(`an update of ${found.table.table.identifier.name} in space ${this.spaceId} changes its ${column}`);
      }
    }
  }

  private keepRowsOfSpace(select: SelectQueryNode, index: number, table: string): SelectQueryNode {
    const selection = select.selections?.[index]?.selection;
    if (
      !selection ||
      select.setOperations ||
      SelectAllNode.is(selection) ||
      (ReferenceNode.is(selection) && SelectAllNode.is(selection.column))
    ) {
      throw new Error(`an insert into ${table} from a select must select its columns one by one`);
    }
    const value = AliasNode.is(selection) ? selection.node : selection;
    return {
      ...select,
      where: WhereNode.create(
        and(select.where?.where, BinaryOperationNode.create(value, OperatorNode.create('='), ValueNode.create(this.spaceId))),
      ),
    };
  }
}

/**
 * A Kysely plugin that confines every query built with the query builder to one space, so that no
 * operation can forget the space id: SELECT, UPDATE and DELETE get `<table>.space_id = <space>`
 * for every space table they read (FROM, JOIN, UPDATE … FROM, DELETE … USING, subqueries and CTEs
 * included); INSERTs must carry the space. `spaces` is scoped by its `id`.
 *
 * Raw SQL (`sql` templates run as a whole) cannot be rewritten and passes unchanged: operations
 * must not use it. Right and full joins of a space table, MERGE and insert-or-replace are refused.
 */
export class SpaceScope implements KyselyPlugin {
  private static readonly ofSpace = new Map<number, SpaceScope>();

  /** The plugin of a space, made once and reused (its conditions are built once per table). */
  static of(spaceId: number): SpaceScope {
    let scope = SpaceScope.ofSpace.get(spaceId);
    if (!scope) SpaceScope.ofSpace.set(spaceId, (scope = new SpaceScope(spaceId)));
    return scope;
  }

  private readonly rewriter: SpaceScopeRewriter;

  private constructor(readonly spaceId: number) {
    this.rewriter = new SpaceScopeRewriter(spaceId);
  }

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    return this.rewriter.rewrite(node);
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}
