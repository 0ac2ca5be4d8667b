// The demo organisation `npm start` creates on first run. Every credential here is fake, for services at
// *.example domains that do not exist; the passwords themselves are generated at seeding time.

/** Published in DEMO.txt on purpose: the demo accounts protect nothing. Never reuse it. */
export const DEMO_PASSPHRASE = 'tessera demo passphrase - not a secret';

export type DemoUserKey = 'ada' | 'grace' | 'alan';

export interface DemoUser {
  readonly key: DemoUserKey;
  readonly firstName: string;
  readonly lastName: string;
  readonly username: string;
  readonly role: 'admin' | 'user';
}

export const DEMO_USERS: readonly DemoUser[] = [
  { key: 'ada', firstName: 'Ada', lastName: 'Lovelace', username: 'ada@tessera.example', role: 'admin' },
  { key: 'grace', firstName: 'Grace', lastName: 'Hopper', username: 'grace@tessera.example', role: 'user' },
  { key: 'alan', firstName: 'Alan', lastName: 'Turing', username: 'alan@tessera.example', role: 'user' },
];

export const DEMO_GROUP = {
  name: 'Operations',
  /** Ada manages the group; Grace is a member. Alan is not in it (he gets direct shares). */
  members: [
    { key: 'ada', isManager: true },
    { key: 'grace', isManager: false },
  ] as const satisfies readonly { key: DemoUserKey; isManager: boolean }[],
};

/** 1 read, 7 update, 15 owner (Passbolt's permission types). */
export type DemoPermission = 1 | 7;

export interface DemoResource {
  readonly name: string;
  readonly username: string;
  readonly uri: string;
  readonly description: string;
  /** Who creates (and owns) it. */
  readonly owner: DemoUserKey;
  readonly shareWithGroup?: DemoPermission;
  readonly shareWithUsers?: Partial<Record<DemoUserKey, DemoPermission>>;
}

export const DEMO_RESOURCES: readonly DemoResource[] = [
  { name: 'Production database (PostgreSQL)', username: 'app_rw', uri: 'postgres://db-prod.tessera.example:5432/app',
    description: 'Primary cluster. Rotate after every incident.', owner: 'ada', shareWithGroup: 7 },
  { name: 'Grafana', username: 'admin', uri: 'https://grafana.tessera.example',
    description: 'Dashboards for the on-call rotation.', owner: 'ada', shareWithGroup: 1 },
  { name: 'AWS root account', username: 'aws-root@tessera.example', uri: 'https://signin.aws.example',
    description: 'Break-glass only. Hardware token in the safe.', owner: 'ada' },
  { name: 'Cloudflare', username: 'ops@tessera.example', uri: 'https://dash.cloudflare.example',
    description: 'DNS and CDN for tessera.example.', owner: 'ada', shareWithGroup: 1 },
  { name: 'GitHub organisation owner', username: 'tessera-bot', uri: 'https://github.example/tessera',
    description: 'Owner account of the GitHub organisation.',
    owner: 'ada', shareWithUsers: { alan: 1 } },
  { name: 'PagerDuty', username: 'oncall@tessera.example', uri: 'https://tessera.pagerduty.example',
    description: 'Escalation policies and schedules.', owner: 'ada', shareWithGroup: 7 },
  { name: 'Office Wi-Fi (guest)', username: 'guest', uri: 'wifi://Tessera-Guest',
    description: 'Changes on the first Monday of each month.', owner: 'ada', shareWithGroup: 1, shareWithUsers: { alan: 1 } },
  { name: 'VPN gateway admin', username: 'vpnadmin', uri: 'https://vpn.tessera.example:943/admin',
    description: 'OpenVPN Access Server console.', owner: 'ada', shareWithGroup: 7 },
  { name: 'Mailgun SMTP', username: 'postmaster@mg.tessera.example', uri: 'smtp://smtp.mailgun.example:587',
    description: 'Outgoing mail for the product.', owner: 'ada', shareWithGroup: 1 },
  { name: 'Stripe dashboard', username: 'finance@tessera.example', uri: 'https://dashboard.stripe.example',
    description: 'Test mode keys only in staging.', owner: 'ada', shareWithUsers: { alan: 7 } },
  { name: 'Backup server (SSH)', username: 'backup', uri: 'ssh://backup-01.tessera.example',
    description: 'Nightly restic snapshots, retention 30 days.', owner: 'ada', shareWithGroup: 7 },
  { name: 'Jira', username: 'ada@tessera.example', uri: 'https://tessera.atlassian.example',
    description: 'Personal account.', owner: 'ada' },
  { name: 'Mastodon company account', username: '@tessera@social.example', uri: 'https://social.example/@tessera',
    description: 'Announcements only.', owner: 'ada', shareWithUsers: { alan: 7, grace: 1 } },
  { name: 'Domain registrar', username: 'hostmaster@tessera.example', uri: 'https://registrar.example',
    description: 'tessera.example renews every March.', owner: 'ada' },
  { name: 'Slack workspace admin', username: 'slack-admin@tessera.example', uri: 'https://tessera.slack.example',
    description: 'Workspace owner account.', owner: 'ada', shareWithGroup: 1 },
  { name: 'On-call runbook wiki', username: 'grace', uri: 'https://wiki.tessera.example/runbooks',
    description: 'Grace keeps the runbooks; shared with Ada.', owner: 'grace', shareWithUsers: { ada: 1 } },
];
