import { MigrationInterface } from 'typeorm';
import { CreateAccounts1764000000000 } from '../auth/migrations/1764000000000-create-accounts';
import { CreateDisclosureLedger1764000005000 } from '../audit/migrations/1764000005000-create-disclosure-ledger';
import { CreatePolicyVersions1764000001000 } from '../policy/migrations/1764000001000-create-policy-versions';
import { CreateOutbox1764000010000 } from '../delivery/migrations/1764000010000-create-outbox';
import { AddAccountPartner1764000020000 } from '../auth/migrations/1764000020000-add-account-partner';
import { AddPolicyReview1764000030000 } from '../policy/migrations/1764000030000-add-policy-review';
import { CreateConsoleSessions1764000040000 } from '../auth/migrations/1764000040000-create-console-sessions';
import { CreateLegalDisclosures1764000050000 } from '../admin/legal/migrations/1764000050000-create-legal-disclosures';
import { CreatePinAttempts1764000060000 } from '../exchange/migrations/1764000060000-create-pin-attempts';
import { AddAccountConfirmation1764000070000 } from '../auth/migrations/1764000070000-add-account-confirmation';
import { CreateLedgerCheckpoints1764000080000 } from '../audit/migrations/1764000080000-create-ledger-checkpoints';
import { CreateSip2Payments1764000090000 } from '../sip2-server/migrations/1764000090000-create-sip2-payments';
import { CreateLifecycleSync1764000100000 } from '../sync/migrations/1764000100000-create-lifecycle-sync';
import { CreateSyncJobPages1764000170000 } from '../sync/migrations/1764000170000-create-sync-job-pages';
import { CreatePanelExports1764000140000 } from '../panel-exports/migrations/1764000140000-create-panel-exports';
import { CreateBankCollections1764000130000 } from '../bank-collections/migrations/1764000130000-create-bank-collections';
import { CreateIllRequests1764000150000 } from '../interlibrary-loans/migrations/1764000150000-create-ill-requests';
import { CreateIllSupplies1764000160000 } from '../interlibrary-loans/migrations/1764000160000-create-ill-supplies';
import { AddLegalWithhold1764000120000 } from '../admin/legal/migrations/1764000120000-add-legal-withhold';
import { CreateKeyFingerprints1764000180000 } from '../audit/migrations/1764000180000-create-key-fingerprints';
import { CreatePolicyDefaultReviews1764000110000 } from '../policy/migrations/1764000110000-create-policy-default-reviews';

/**
 * Every migration of the gateway, hand-written with the QueryRunner Table API so that one migration
 * serves SQLite and PostgreSQL alike. A module registers its migrations here, one line each; TypeORM
 * runs them in the order of their timestamps.
 */
export const MIGRATIONS: Array<new () => MigrationInterface> = [
  CreateAccounts1764000000000,
  CreateDisclosureLedger1764000005000,
  CreatePolicyVersions1764000001000,
  CreateOutbox1764000010000,
  AddAccountPartner1764000020000,
  AddPolicyReview1764000030000,
  CreateConsoleSessions1764000040000,
  CreateLegalDisclosures1764000050000,
  CreatePinAttempts1764000060000,
  AddAccountConfirmation1764000070000,
  CreateLedgerCheckpoints1764000080000,
  CreateSip2Payments1764000090000,
  CreateLifecycleSync1764000100000,
  CreatePolicyDefaultReviews1764000110000,
  AddLegalWithhold1764000120000,
  CreateBankCollections1764000130000,
  CreatePanelExports1764000140000,
  CreateIllRequests1764000150000,
  CreateIllSupplies1764000160000,
  CreateSyncJobPages1764000170000,
  CreateKeyFingerprints1764000180000,
];
