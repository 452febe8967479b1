import type { Role } from '@buergeramt/contracts';

export interface DemoAccount {
  /** fixed, so that other services' demo data can refer to these people */
  id: string;
  email: string;
  password: string;
  givenName: string;
  familyName: string;
  roles: Role[];
}

/** The demo accounts of `DEMO_SEED=true` (listed in the README). Never seed them in production. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    id: '0195a000-0000-7000-8000-000000000001',
    email: 'buerger@demo.esslingen.de',
    password: 'Neckarufer-Buerger-2026',
    givenName: 'Erika',
    familyName: 'Mustermann',
    roles: ['citizen'],
  },
  {
    id: '0195a000-0000-7000-8000-000000000002',
    email: 'sachbearbeitung@demo.esslingen.de',
    password: 'Neckarufer-Schalter-2026',
    givenName: 'Max',
    familyName: 'Schalter',
    roles: ['clerk'],
  },
  {
    id: '0195a000-0000-7000-8000-000000000003',
    email: 'leitung@demo.esslingen.de',
    password: 'Neckarufer-Leitung-2026',
    givenName: 'Sabine',
    familyName: 'Leitner',
    roles: ['supervisor'],
  },
  {
    id: '0195a000-0000-7000-8000-000000000004',
    email: 'admin@demo.esslingen.de',
    password: 'Neckarufer-Admin-2026',
    givenName: 'Anton',
    familyName: 'Admin',
    roles: ['admin'],
  },
];
