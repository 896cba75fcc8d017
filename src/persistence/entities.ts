import { LegalDisclosureEntity } from '../admin/legal/legal-disclosure.entity';
import { AccountEntity } from '../auth/account.entity';
import { ConsoleSessionEntity } from '../auth/console-session.entity';
import { DisclosureEntity } from '../audit/disclosure.entity';
import { LedgerHeadEntity } from '../audit/ledger-head.entity';
import { PolicyVersionEntity } from '../policy/policy-version.entity';
import { PolicyDefaultReviewEntity } from '../policy/default-review.entity';
import { IllRequestEntity } from '../interlibrary-loans/ill-request.entity';
import { IllSupplyEntity } from '../interlibrary-loans/ill-supply.entity';
import { BankCollectionEntity } from '../bank-collections/bank-collection.entity';
import { BankDebitEntity } from '../bank-collections/bank-debit.entity';
import { BankNotificationEntity } from '../bank-collections/bank-notification.entity';
import { PanelExportEntity, PanelMemberEntity } from '../panel-exports/panel-export.entity';
import { OutboxEntity } from '../delivery/outbox.entity';
import { DeliveryAttemptEntity } from '../delivery/delivery-attempt.entity';
import { PinAttemptEntity } from '../exchange/pin-attempt.entity';
import { LedgerCheckpointEntity } from '../audit/ledger-checkpoint.entity';
import { AccountEventEntity, AccountEventsHeadEntity } from '../audit/account-event.entity';
import { DisclosureOutcomeEntity } from '../audit/disclosure-outcome.entity';
import { KeyFingerprintEntity } from '../audit/key-fingerprint.entity';
import { PaymentReplayEntity } from '../sip2-server/payment-replay.entity';
import { SyncStandingEntity } from '../sync/sync-standing.entity';
import { SyncJobEntity } from '../sync/sync-job.entity';
import { SyncJobPageEntity } from '../sync/sync-job-page.entity';
import { HeldMessageEntity } from '../sync/held-message.entity';
import { SyncCursorEntity } from '../sync/sync-cursor.entity';

/** Every TypeORM entity of the gateway. A module registers its entities here, one line each. */
export const ENTITIES: Array<new () => object> = [
  AccountEntity,
  ConsoleSessionEntity,
  DisclosureEntity,
  LedgerHeadEntity,
  PolicyVersionEntity,
  PolicyDefaultReviewEntity,
  BankCollectionEntity,
  BankDebitEntity,
  BankNotificationEntity,
  PanelExportEntity,
  PanelMemberEntity,
  IllRequestEntity,
  IllSupplyEntity,
  OutboxEntity,
  DeliveryAttemptEntity,
  LegalDisclosureEntity,
  PinAttemptEntity,
  LedgerCheckpointEntity,
  AccountEventEntity,
  AccountEventsHeadEntity,
  DisclosureOutcomeEntity,
  KeyFingerprintEntity,
  PaymentReplayEntity,
  SyncStandingEntity,
  SyncJobEntity,
  SyncJobPageEntity,
  HeldMessageEntity,
  SyncCursorEntity,
];
