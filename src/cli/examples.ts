import type { Command } from 'commander';

// Examples shown at the end of each command's help, by the command's path. A new command adds
// its row here: a test checks that every command has one.
const examples: Record<string, string[]> = {
  ilot: ['ilot doctor', 'ilot --config /etc/ilot/ilot.config.json serve', 'ilot space list --help'],
  serve: ['ilot serve', 'ILOT_DATABASE_URL=postgres://ilot@127.0.0.1/ilot ilot serve', 'ilot --config /etc/ilot/ilot.config.json serve'],
  migrate: ['ilot migrate status', 'ilot migrate up'],
  'migrate up': ['ilot migrate up', 'ilot --config /etc/ilot/ilot.config.json migrate up'],
  'migrate status': ['ilot migrate status'],
  doctor: ['ilot doctor', 'ilot doctor --json'],
  operator: ['ilot operator verifier'],
  'operator verifier': ['ilot operator verifier', 'printf "%s\\n%s\\n" "$PHRASE" "$PHRASE" | ilot operator verifier'],
  audit: ['ilot audit verify', 'ilot audit query --action space.open --csv > audit.csv'],
  'audit verify': ['ilot audit verify', 'ilot audit verify --space 0'],
  'audit query': [
    'ilot audit query --limit 20',
    'ilot audit query --space asso1 --from 2027-01-01 --to 2027-02-01',
    'ilot audit query --actor camille --result error --csv > audit-$(date +%F).csv',
  ],
  space: ['ilot space list', 'ilot space --url https://ilot.example.org show asso1'],
  'space list': ['ilot space list', 'ilot space --url https://ilot.example.org list'],
  'space show': ['ilot space show asso1'],
  'space open': ['ilot space open asso1 --documents 10000 --volume 1073741824 --monthly 2000 --accounts 50'],
  'space quotas': ['ilot space quotas asso1 --documents 20000 --volume 2147483648 --monthly 3000 --accounts 80'],
  'space notify': ['ilot space notify asso1 "Maintenance on Saturday from 8:00 to 9:00"', 'ilot space notify asso1'],
  'space ban': ['ilot space ban asso1 2027-03-01', 'ilot space ban asso1'],
  'space read-only': ['ilot space read-only asso1 on', 'ilot space read-only asso1 off'],
  'space freeze': ['ilot space freeze asso1 on', 'ilot space freeze asso1 off'],
  'space export': ['ilot space export asso1 --to /srv/moves/asso1.ilotspace', 'ilot space export asso1 --to asso1.ilotspace --force'],
  'space import': ['ilot space import /srv/moves/asso1.ilotspace', 'ilot space import asso1.ilotspace --org asso2'],
  'space close': ['ilot space close asso1 --message "We moved." --new-address https://other.example.org --yes'],
  tasks: ['ilot tasks list --state failed', 'ilot tasks pause backup'],
  'tasks list': ['ilot tasks list', 'ilot tasks list --state failed', 'ilot tasks list --kind backup --space 0'],
  'tasks run': ['ilot tasks run 0123456789abcdefghijklmn'],
  'tasks retry': ['ilot tasks retry 0123456789abcdefghijklmn'],
  'tasks cancel': ['ilot tasks cancel 0123456789abcdefghijklmn'],
  'tasks pause': ['ilot tasks pause db.maintenance'],
  'tasks resume': ['ilot tasks resume db.maintenance'],
  backup: ['ilot backup create', 'ilot backup list'],
  'backup create': ['ilot backup create', 'ilot backup create --no-verify'],
  'backup list': ['ilot backup list', 'ilot backup list --json'],
  'backup verify': ['ilot backup verify 20270131T023000Z-1234'],
  'backup restore': ['ilot backup restore 20270131T023000Z-1234 --dry-run', 'ilot backup restore 20270131T023000Z-1234'],
  sessions: ['ilot sessions list', 'ilot sessions revoke AbCdEfGhIjKlMnOpQrStUv'],
  'sessions list': ['ilot sessions list', 'ilot sessions --url https://ilot.example.org list --json'],
  'sessions revoke': ['ilot sessions revoke AbCdEfGhIjKlMnOpQrStUv'],
  fleet: ['ilot fleet host list', 'ilot fleet host add web-1 --label role=web'],
  'fleet host': ['ilot fleet host list', 'ilot fleet host show web-1'],
  'fleet host add': ['ilot fleet host add web-1 --label role=web --label eu', 'ilot fleet host add acme-1 --org acme1'],
  'fleet host enrolment': ['ilot fleet host enrolment web-1'],
  'fleet host list': ['ilot fleet host list', 'ilot fleet host list --org acme1'],
  'fleet host show': ['ilot fleet host show web-1'],
  'fleet host revoke': ['ilot fleet host revoke web-1'],
  'fleet app': ['ilot fleet app list'],
  'fleet app add': ['ilot fleet app add ilot --kind ilot', 'ilot fleet app add clock --kind process -- node /opt/clock/server.js'],
  'fleet app version': [
    'ilot fleet app version ilot 1.4.0 --archive /srv/releases/ilot-1.4.0.tgz --sha256 "$(sha256sum ilot-1.4.0.tgz | cut -c1-64)"',
  ],
  'fleet app list': ['ilot fleet app list'],
  'fleet permission': ['ilot fleet permission list'],
  'fleet permission grant': [
    'ilot fleet permission grant camille --app ilot --label role=web',
    'ilot fleet permission grant dana --app ilot --host acme-1 --org acme1',
  ],
  'fleet permission revoke': ['ilot fleet permission revoke k3m9x0q2w8e7r6t5'],
  'fleet permission list': ['ilot fleet permission list'],
  'fleet command': ['ilot fleet command issue web-1 inventory'],
  'fleet command issue': [
    'ilot fleet command issue web-1 inventory',
    'ilot fleet command issue web-1 restart --app clock --id restart-web-1-0412 --timeout 60',
  ],
  'fleet command show': ['ilot fleet command show restart-web-1-0412'],
  'fleet command cancel': ['ilot fleet command cancel restart-web-1-0412 --grace 10'],
  'fleet rollout': ['ilot fleet rollout start ilot 1.4.0 --label role=web --max-unavailable 2', 'ilot fleet rollout show r-4f2a9c1e7b'],
  'fleet rollout start': [
    'ilot fleet rollout start ilot 1.4.0 --label role=web',
    'ilot fleet rollout start ilot 1.4.0 --label eu --max-unavailable 2 --ready 120 --org acme1',
  ],
  'fleet rollout show': ['ilot fleet rollout show r-4f2a9c1e7b'],
  'fleet rollout list': ['ilot fleet rollout list', 'ilot fleet rollout list --limit 10'],
  'fleet rollout cancel': ['ilot fleet rollout cancel r-4f2a9c1e7b'],
  agent: [
    'ilot agent --tower https://ilot.example.org --dir /var/lib/ilot-agent --token "$TOKEN"',
    'ilot agent --tower https://ilot.example.org --dir /var/lib/ilot-agent',
  ],
};

/** A command's path below `ilot` ("space open"), or "ilot" itself. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ') || command.name();
}

/** Adds its examples to the help of `command` and of every command below it. */
export function addExamples(command: Command): void {
  const lines = examples[commandPath(command)];
  if (lines) command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`);
  for (const sub of command.commands) addExamples(sub);
}
