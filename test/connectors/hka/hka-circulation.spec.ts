import { HkaConnector } from '../../../src/connectors/hka/hka.connector';
import { MappingFailed, MemberNotFound, PartnerUnavailable } from '../../../src/connectors/sdk/connector-errors';
import { NotReleasedByPolicy } from '../../../src/connectors/sdk/sendable';
import { ValidMember } from '../../../src/domain/member';
import { compilePolicy } from '../../../src/policy/policy.compiler';
import { WiseSandbox } from '../../../src/sandbox/wise/wise-sandbox';
import { connectTo, failure, release, signal } from './hka-sandbox';

const DAY_MS = 86_400_000;

function daysAfter(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

describe('hka connector against the Wise sandbox: loans and returns at a self-service machine', () => {
  const today = '2026-03-10';
  const now = () => Date.parse(`${today}T09:30:00Z`);
  const sandbox = new WiseSandbox({ seed: 47, now });
  let connector: HkaConnector;
  let members: ValidMember[];
  let active: ValidMember;

  beforeAll(async () => sandbox.start());
  afterAll(async () => sandbox.stop());
  beforeEach(() => {
    sandbox.reset();
    connector = connectTo(sandbox.settings(), {}, { now });
    members = sandbox.members();
    active = members.find((member) => member.membership?.status === 'active' && (member.loans ?? []).length > 0) as ValidMember;
  });
  afterEach(async () => connector.close());

  /** The loan request the session makes: the member with the one item to lend, through the circulation purpose. */
  const loanOf = (member: ValidMember, itemId: string) => release({ ...member, loans: [{ itemId }] }, 'circulation');
  const context = (deliveryId: string) => ({ deliveryId, signal: signal() });
  const posts = () => sandbox.received().filter((request) => request.method === 'POST' && request.path !== '/login');

  it('registers a loan: only the patron id and the barcode go out, and Wise answers with title and due date', async () => {
    const item = sandbox.itemsOnShelf({ holdWaiting: false })[0] as string;
    const outcome = await connector.checkout(loanOf(active, item), context('loan-1'));

    expect(outcome).toEqual({ ok: true, loan: { itemId: item, title: expect.any(String), loanedOn: today, dueOn: daysAfter(today, 21), partnerReference: expect.stringMatching(/^LEN-\d{6}$/) } });
    const [sent] = posts();
    expect(sent?.path).toBe(`/patron/${active.memberId}/library/STA/loan`);
    expect(JSON.parse(sent?.body ?? '')).toEqual({ patronSystemId: active.memberId, loans: [{ itemBarcode: item }] });
    expect(sent?.headers['idempotency-key']).toBe('loan-1');
    for (const withheld of [active.cardNumber, active.name.lastName, active.email ?? '-', active.birthDate ?? '-']) expect(sent?.body).not.toContain(withheld);

    const after = await connector.lookup({ memberId: active.memberId }, signal());
    expect(after.loans).toContainEqual(expect.objectContaining({ itemId: item, loanedOn: today, dueOn: daysAfter(today, 21) }));
    expect(sandbox.itemsOnShelf()).not.toContain(item);
  });

  it('a repeated loan request with the same delivery id is answered again, not registered twice', async () => {
    const item = sandbox.itemsOnShelf({ holdWaiting: false })[1] as string;
    const first = await connector.checkout(loanOf(active, item), context('loan-2'));
    const again = await connector.checkout(loanOf(active, item), context('loan-2'));
    expect(again).toEqual(first);
    expect(sandbox.deliveryCounts()).toEqual({ applied: 1, duplicates: 1 });
  });

  it("reports Wise's refusals as outcomes: unknown copy, copy lent to someone else, blocked patron", async () => {
    expect(await connector.checkout(loanOf(active, 'NO-SUCH-COPY'), context('loan-3'))).toEqual({ ok: false, refusal: 'item-unknown' });

    const other = members.find((member) => member.memberId !== active.memberId && (member.loans ?? []).length > 0) as ValidMember;
    const lentElsewhere = (other.loans ?? [])[0]?.itemId as string;
    expect(await connector.checkout(loanOf(active, lentElsewhere), context('loan-4'))).toEqual({ ok: false, refusal: 'item-unavailable' });

    const blocked = members.find((member) => member.membership?.status === 'blocked') as ValidMember;
    expect(await connector.checkout(loanOf(blocked, sandbox.itemsOnShelf({ holdWaiting: false })[0] as string), context('loan-5'))).toEqual({ ok: false, refusal: 'patron-blocked' });
    expect(sandbox.deliveryCounts().applied).toBe(0);
  });

  it('a patron Wise does not know is MemberNotFound, a failing Wise a transient error', async () => {
    const unknown = { ...active, memberId: '999999999' };
    expect(await failure(connector.checkout(loanOf(unknown, sandbox.itemsOnShelf({ holdWaiting: false })[0] as string), context('loan-6')))).toBeInstanceOf(MemberNotFound);
    sandbox.setFault('error500');
    const failed = await failure(connector.checkout(loanOf(active, sandbox.itemsOnShelf({ holdWaiting: false })[0] as string), context('loan-7')));
    expect(failed).toBeInstanceOf(PartnerUnavailable);
    expect(failed.transient).toBe(true);
    expect(await failure(connector.checkin('X', context('return-0')))).toBeInstanceOf(PartnerUnavailable);
  });

  it('registers only what the circulation purpose released, for hka, with exactly one item', async () => {
    await expect(connector.checkout(release(active, 'payments'), context('loan-8'))).rejects.toBeInstanceOf(MappingFailed);
    const twoItems = release({ ...active, loans: [{ itemId: 'A' }, { itemId: 'B' }] }, 'circulation');
    await expect(connector.checkout(twoItems, context('loan-9'))).rejects.toBeInstanceOf(MappingFailed);
    const otherPartner = compilePolicy(
      { partner: 'appguard', displayName: 'x', relationship: 'processor', agreement: { reference: 'r', signedOn: '2024-01-01', validFrom: '2024-01-01' }, purposes: [{ id: 'circulation', description: 'x', legalBasis: 'contract', fields: [{ path: 'memberId' }, { path: 'loans[].itemId' }] }] },
      { version: 1, contentHash: 'h', pseudonymSecret: Buffer.alloc(32, 1) },
    ).release({ ...active, loans: [{ itemId: 'A' }] }, 'circulation');
    await expect(connector.checkout(otherPartner, context('loan-10'))).rejects.toBeInstanceOf(NotReleasedByPolicy);
    expect(posts()).toEqual([]);
  });

  it('registers a return with the barcode only and never reads who had the item', async () => {
    const item = (active.loans ?? [])[0]?.itemId as string;
    const outcome = await connector.checkin(item, context('return-1'));

    expect(outcome).toEqual({ ok: true, registered: { itemId: item, title: expect.any(String), wasOnLoan: true, holdWaiting: false, permanentLocation: expect.stringMatching(/^STA-/), partnerReference: expect.stringMatching(/^RET-\d{6}$/) } });
    const [sent] = posts();
    expect(sent?.path).toBe('/library/STA/checkin');
    expect(sent?.body).toBe(JSON.stringify({ itemBarcode: item }));
    // The sandbox, like a staff client, names the borrower in its answer: none of it reaches the outcome.
    expect(sandbox.received().at(-1)?.status).toBe(200);
    for (const borrower of [active.cardNumber, active.name.lastName]) expect(JSON.stringify(outcome)).not.toContain(borrower);
    expect((await connector.lookup({ memberId: active.memberId }, signal())).loans ?? []).not.toContainEqual(expect.objectContaining({ itemId: item }));

    expect(await connector.checkin(item, context('return-2'))).toMatchObject({ ok: true, registered: { wasOnLoan: false } });
    expect(await connector.checkin('NO-SUCH-COPY', context('return-3'))).toEqual({ ok: false, refusal: 'item-unknown' });
  });

  it('says when a member waits for the returned copy', async () => {
    const reserved = sandbox.itemsOnShelf({ holdWaiting: true })[0] as string;
    expect(await connector.checkout(loanOf(active, reserved), context('loan-11'))).toMatchObject({ ok: true });
    expect(await connector.checkin(reserved, context('return-4'))).toMatchObject({ ok: true, registered: { holdWaiting: true, wasOnLoan: true } });
  });
});
