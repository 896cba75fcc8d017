import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { LedgerService } from '../audit/ledger.service';
import { BiebpanelConnector } from '../connectors/biebpanel/biebpanel.connector';
import { ConnectorHost } from '../connectors/connector-host';
import { byCatalogOrder, leafPathsUnder } from '../domain/field-catalog';
import { GatewayError } from '../errors/gateway-error';
import { MemberSource } from '../exchange/member-source';
import { writeCsv } from '../mapping/csv/csv-writer';
import { columnName, PanelColumn, valueAt } from '../mapping/csv/panel-csv';
import { CompiledPolicy } from '../policy/policy.compiler';
import { releaseIfConsented } from '../policy/release-if-consented';
import { PolicyVersionsService } from '../policy/policy-versions.service';
import { ReleasedPayload } from '../policy/released-payload';
import { loadMembers } from '../sync/member-loader';
import { PanelExportEntity, PanelMemberEntity } from './panel-export.entity';

const PARTNER = 'biebpanel';
const PURPOSE = 'customer-research';
const REMOVAL = 'removal';
const PAGE = 500;
const PATRON_ONLY = new Set<never>();

export interface PanelExportView {
  readonly exportId: string;
  readonly rows: number;
  readonly removals: number;
  readonly skipped: { readonly noConsent: number };
  readonly status: PanelExportEntity['status'];
  readonly files: readonly string[];
  readonly createdAt: string;
  readonly requestedBy: string;
  readonly error: string | null;
}

function view(row: PanelExportEntity): PanelExportView {
  return {
    exportId: row.id,
    rows: row.rows,
    removals: row.removals,
    skipped: { noConsent: row.noConsent },
    status: row.status,
    files: JSON.parse(row.files) as string[],
    createdAt: row.createdAt,
    requestedBy: row.requestedBy,
    error: row.errorCode,
  };
}

/**
 * Exports to the research panel (issue 16): a CSV (RFC 4180, UTF-8, a header) of the members who opted
 * in, its columns exactly what the `biebpanel` policy's `customer-research` purpose releases (a pseudonym,
 * an age band, postcode digits, …), and a removal list: the pseudonyms of members the panel holds who
 * withdrew since (the `removal` purpose, pseudonym only). A ledger entry per member before the files
 * leave; uploaded over SFTP with the panel's host key pinned.
 */
@Injectable()
export class PanelExports {
  private readonly logger = new Logger('PanelExports');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connectors: ConnectorHost,
    private readonly members: MemberSource,
    private readonly policies: PolicyVersionsService,
    private readonly ledger: LedgerService,
  ) {}

  async list(): Promise<PanelExportView[]> {
    return (await this.dataSource.getRepository(PanelExportEntity).find({ order: { createdAt: 'DESC' }, take: 100 })).map(view);
  }

  async export(requestedBy: string, nowMs = Date.now()): Promise<PanelExportView> {
    const panel = this.connectors.enabled().find((connector): connector is BiebpanelConnector => connector instanceof BiebpanelConnector);
    if (panel === undefined) throw new GatewayError('CONNECTOR_DISABLED', "the panel's connector is not enabled on this gateway (CONNECTORS)", 409);
    const policy = await this.policies.compiledPolicy(PARTNER);
    const columns = columnsOf(policy);
    const held = new Set((await this.dataSource.getRepository(PanelMemberEntity).find()).map((row) => row.memberId));
    const rows: Array<{ memberId: string; payload: ReleasedPayload }> = [];
    const removals: Array<{ memberId: string; payload: ReleasedPayload }> = [];
    let noConsent = 0;
    for (let offset = 0; ; offset += PAGE) {
      const ids = await this.members.page(offset, PAGE, AbortSignal.timeout(60_000));
      if (ids === undefined) throw new GatewayError('NO_MEMBER_SOURCE', 'no enabled system of record can list its members', 409);
      const loaded = await loadMembers(this.members, ids, 8, AbortSignal.timeout(300_000), PATRON_ONLY);
      if (loaded.failed > 0) throw new GatewayError('SOURCE_UNAVAILABLE', `${loaded.failed} member(s) could not be loaded from the lending system: no export is made from part of the members`, 503);
      for (const member of loaded.members) {
        const payload = releaseIfConsented(policy, member, PURPOSE, nowMs);
        if (payload !== undefined) {
          rows.push({ memberId: member.memberId, payload });
          continue;
        }
        noConsent += 1;
        if (!held.has(member.memberId)) continue;
        const removal = releaseIfConsented(policy, member, REMOVAL, nowMs);
        if (removal !== undefined) removals.push({ memberId: member.memberId, payload: removal });
      }
      if (ids.length < PAGE) break;
    }
    const id = randomUUID();
    const day = new Date(nowMs).toISOString().slice(0, 10);
    const files = [
      { name: `biebpanel-${day}-${id.slice(0, 8)}.csv`, content: writeCsv(columns.map(columnName), rows.map(({ payload }) => columns.map((column) => valueAt(payload.fields, column.path)))) },
      { name: `biebpanel-${day}-${id.slice(0, 8)}-verwijderen.csv`, content: writeCsv(['memberId:pseudonym'], removals.map(({ payload }) => [valueAt(payload.fields, 'memberId')])) },
    ];
    const row: PanelExportEntity = { id, createdAt: new Date(nowMs).toISOString(), requestedBy, rows: rows.length, removals: removals.length, noConsent, status: 'upload-failed', files: JSON.stringify(files.map((file) => file.name)), errorCode: null };
    // A ledger entry per member in either file, before a byte leaves.
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(PanelExportEntity).insert(row);
      let n = 0;
      for (const { memberId, payload } of [...rows, ...removals]) {
        const origin = payload.origin;
        n += 1;
        await this.ledger.record({ memberId, partner: PARTNER, purpose: origin.purpose, policyVersion: origin.policyVersion, policyHash: origin.policyHash, agreementReference: origin.agreementReference, fields: payload.disclosedFields(), exchangeId: `${id}:${n}` }, manager);
      }
    });
    try {
      await panel.upload(files, AbortSignal.timeout(120_000));
    } catch (error) {
      const code = error instanceof GatewayError ? error.code : 'UPLOAD_FAILED';
      await this.dataSource.getRepository(PanelExportEntity).update({ id }, { errorCode: code });
      this.logger.warn(`panel export ${id} not uploaded: ${code}`);
      throw error instanceof GatewayError ? error : new GatewayError('UPLOAD_FAILED', 'the export could not be put on the panel server', 502);
    }
    // The panel holds who it got, and lets go of who is on the removal list.
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(PanelExportEntity).update({ id }, { status: 'uploaded' });
      if (rows.length > 0) await manager.getRepository(PanelMemberEntity).upsert(rows.map(({ memberId }) => ({ memberId, lastExportId: id })), ['memberId']);
      if (removals.length > 0) await manager.getRepository(PanelMemberEntity).delete({ memberId: In(removals.map(({ memberId }) => memberId)) });
    });
    this.logger.log(`panel export ${id}: ${rows.length} row(s), ${removals.length} removal(s), ${noConsent} member(s) without consent left out`);
    return view((await this.dataSource.getRepository(PanelExportEntity).findOneBy({ id })) as PanelExportEntity);
  }
}

/** The columns: every leaf the research purpose releases, in the catalog's order, with its transform. */
function columnsOf(policy: CompiledPolicy): PanelColumn[] {
  const purpose = policy.document.purposes.find((candidate) => candidate.id === PURPOSE);
  if (purpose === undefined) throw new GatewayError('PURPOSE_UNKNOWN', `the active biebpanel policy has no '${PURPOSE}' purpose`, 422);
  return byCatalogOrder(
    purpose.fields.flatMap((rule) => leafPathsUnder(rule.path).map((path) => ({ path, transform: rule.transform ?? 'copy' }))),
    (column) => column.path,
  );
}
