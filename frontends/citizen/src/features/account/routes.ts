import type { RouteRecordRaw } from 'vue-router';
import { takeFederatedReturn } from './federatedReturn';
import { safeReturnPath } from '@buergeramt/ui';

/**
 * The account journeys. The paths of log-in, confirmation, password reset and notification preferences
 * are in mails already sent (services/notifications, `templates/links.ts`): never change them.
 */
export const accountRoutes: RouteRecordRaw[] = [
  {
    path: '/konto/anmelden',
    name: 'login',
    component: () => import('./LoginView.vue'),
    meta: { guestOnly: true },
  },
  {
    path: '/konto/registrieren',
    name: 'register',
    component: () => import('./RegisterView.vue'),
    meta: { guestOnly: true },
  },
  {
    path: '/konto/registrieren/gesendet',
    name: 'account-register-sent',
    component: () => import('./RegisterSentView.vue'),
  },
  { path: '/konto/bestaetigen', name: 'verify-email', component: () => import('./VerifyEmailView.vue') },
  {
    path: '/konto/bestaetigen/fertig',
    name: 'account-verified',
    component: () => import('./VerifiedView.vue'),
  },
  {
    path: '/konto/passwort-vergessen',
    name: 'forgot-password',
    component: () => import('./ForgotPasswordView.vue'),
  },
  {
    path: '/konto/passwort-vergessen/gesendet',
    name: 'account-forgot-sent',
    component: () => import('./ForgotSentView.vue'),
  },
  {
    path: '/konto/passwort-neu',
    name: 'reset-password',
    component: () => import('./ResetPasswordView.vue'),
  },
  {
    path: '/konto/passwort-neu/fertig',
    name: 'account-password-changed',
    component: () => import('./PasswordChangedView.vue'),
  },
  {
    path: '/konto',
    name: 'account',
    component: () => import('./AccountView.vue'),
    meta: { requiresAuth: true },
    // back from a federated log-in (which lands here): on to where the person was before
    beforeEnter: () => safeReturnPath(takeFederatedReturn()) ?? true,
  },
  {
    path: '/konto/profil',
    name: 'profile',
    component: () => import('./ProfileView.vue'),
    meta: { requiresAuth: true },
  },
  {
    path: '/konto/sicherheit',
    name: 'security',
    component: () => import('./SecurityView.vue'),
    meta: { requiresAuth: true },
  },
  {
    path: '/konto/sicherheit/einrichten',
    name: 'account-totp-setup',
    component: () => import('./TotpSetupView.vue'),
    meta: { requiresAuth: true },
  },
  {
    path: '/konto/benachrichtigungen',
    name: 'notification-preferences',
    component: () => import('./NotificationPreferencesView.vue'),
    meta: { requiresAuth: true },
  },
  {
    path: '/konto/loeschen',
    name: 'delete-account',
    component: () => import('./DeleteAccountView.vue'),
    meta: { requiresAuth: true },
  },
];
