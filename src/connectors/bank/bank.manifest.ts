import { ConnectorManifest } from '../sdk/connector';

/**
 * The library's bank: SEPA direct debit files (pain.008) uploaded, notifications (camt.054) read back.
 * It sends no per-member messages through the outbox: a collection is one file for many members
 * (POST /api/v1/partners/bank/collections: 'export'), so the connector has no 'send' capability; 'inbound': the
 * bank's notifications come back (posted, or pulled).
 */
export const bankManifest: ConnectorManifest = {
  id: 'bank',
  displayName: 'Bank (SEPA-incasso)',
  protocol: 'sepa',
  capabilities: ['export', 'inbound'],
};
