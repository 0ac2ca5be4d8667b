// Realistic, reproducible vault data for the client benchmarks: names of real-world services with environments and
// teams, e-mail/login usernames, URIs, descriptions of varied length with some accented words, a few favorites and
// shares. Seeded PRNG, so every run measures the same data.
import type { SearchableResource } from '../../main/services/search/search.service';

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = [
  'GitHub', 'GitLab', 'Bitbucket', 'Jira', 'Confluence', 'Slack', 'Zoom', 'AWS', 'Azure', 'Google Cloud', 'Heroku',
  'Datadog', 'Grafana', 'Kibana', 'Jenkins', 'CircleCI', 'Docker Hub', 'npm', 'PyPI', 'Salesforce', 'HubSpot', 'Stripe',
  'PayPal', 'Mailchimp', 'SendGrid', 'Twilio', 'Cloudflare', 'OVH', 'Hetzner', 'DigitalOcean', 'Office 365', 'Outlook',
  'Gmail', 'Dropbox', 'Box', 'Notion', 'Trello', 'Asana', 'Figma', 'Miro', 'LinkedIn', 'Twitter', 'Facebook', 'Instagram',
  'PostgreSQL', 'MySQL', 'Redis', 'MongoDB', 'Elasticsearch', 'RabbitMQ', 'Kafka', 'VPN', 'Wi-Fi', 'Router', 'Firewall',
  'Synology NAS', 'vCenter', 'Proxmox', 'iDRAC', 'Printer', 'Banque Populaire', 'Crédit Agricole', 'Société Générale',
  'Impôts', 'URSSAF', 'Sécurité sociale', 'Amazon', 'eBay', 'Zendesk', 'Freshdesk', 'Okta', 'Auth0', 'Sentry', 'PagerDuty',
];
const ENVIRONMENTS = ['prod', 'production', 'staging', 'dev', 'test', 'qa', 'preprod', 'sandbox', 'backup', 'legacy', ''];
const TEAMS = ['ops', 'finance', 'marketing', 'sales', 'support', 'hr', 'legal', 'data', 'security', 'it', 'design', 'rédaction'];
const WORDS = [
  'account', 'admin', 'shared', 'root', 'service', 'api', 'token', 'key', 'password', 'reset', 'monthly', 'rotation',
  'contact', 'owner', 'billing', 'invoice', 'server', 'cluster', 'replica', 'primary', 'read-only', 'deploy', 'ci',
  'release', 'customer', 'partner', 'agency', 'intern', 'temporary', 'emergency', 'break-glass', 'café', 'réunion',
  'équipe', 'données', 'accès', 'numéro', 'client', 'fournisseur', 'sauvegarde', 'mot', 'de', 'passe', 'the', 'for',
  'with', 'on', 'ask', 'before', 'changing', 'used', 'by', 'only', 'team', 'scripts', 'nightly', 'jobs',
];
const FIRST = ['ada', 'alan', 'grace', 'linus', 'margaret', 'ken', 'dennis', 'barbara', 'edsger', 'frances', 'hélène', 'joão', 'zoë', 'søren'];
const DOMAINS = ['example.com', 'corp.example', 'acme.io', 'mail.example.org'];

export function generateResources(count: number, seed = 1): SearchableResource[] {
  const rnd = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const sentence = (words: number): string => Array.from({ length: words }, () => pick(WORDS)).join(' ');
  const base = Date.UTC(2024, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const service = pick(SERVICES);
    const env = pick(ENVIRONMENTS);
    const team = rnd() < 0.5 ? ` (${pick(TEAMS)})` : '';
    const name = `${service}${env ? ` ${env}` : ''}${team}${rnd() < 0.3 ? ` #${Math.floor(rnd() * 500)}` : ''}`;
    const slug = service.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[^a-z0-9]+/g, '');
    const descriptionLength = rnd() < 0.4 ? 0 : Math.floor(rnd() * 40);
    const permission = rnd() < 0.6 ? 15 : rnd() < 0.5 ? 7 : 1;
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name,
      username: rnd() < 0.85 ? (rnd() < 0.6 ? `${pick(FIRST)}.${pick(FIRST)}@${pick(DOMAINS)}` : `${pick(['admin', 'root', 'svc', 'deploy'])}-${slug}`) : null,
      uri: rnd() < 0.8 ? `https://${env ? `${env}.` : ''}${slug}.${pick(['com', 'io', 'net', 'fr'])}/${pick(['login', 'signin', 'admin', ''])}` : null,
      description: descriptionLength ? sentence(descriptionLength) : null,
      modified: new Date(base + Math.floor(rnd() * 700 * 86400_000)).toISOString(),
      favoriteId: rnd() < 0.05 ? `fav-${i}` : null,
      permission,
      permissions: rnd() < 0.3 ? [{ aro: 'Group' as const, aroId: `group-${Math.floor(rnd() * 20)}` }] : [],
    };
  });
}

/**
 * Keystroke sequences of someone looking things up: typing a name (with the odd typo fixed by backspace), a username,
 * a multi-word query. Each inner array is one search session, one entry per keystroke (the query after it).
 */
export function keystrokeSessions(): string[][] {
  const typed = (text: string): string[] => Array.from({ length: text.length }, (_, i) => text.slice(0, i + 1));
  const withTypo = (before: string, typo: string, after: string): string[] => [
    ...typed(before), `${before}${typo}`, before, ...typed(after).map((t) => `${before}${t}`),
  ];
  return [
    typed('github'),
    typed('aws prod'),
    withTypo('conf', 'l', 'luence'),
    typed('ada.lovelace'),
    typed('credit agricole'), // no accents typed, data has them
    typed('postgres replica'),
    withTypo('sla', 'x', 'ck'),
    typed('vpn'),
    typed('break-glass'),
    typed('stripe finance'),
    typed('zz no match'),
    typed('e'),
    typed('docker'),
    typed('impots'),
    typed('s'),
  ];
}
