import { writeLookupAgencyResponse } from '../../mapping/ncip/ncip-lookup-agency';
import { ncipProblem, NcipProblem, ProblemKind, writeProblemMessage } from '../../mapping/ncip/ncip-problem';
import { fromNcipRegistration, RegistrationService } from '../../mapping/ncip/ncip-registration';
import { writeRegistrationProblem, writeRegistrationResponse } from '../../mapping/ncip/ncip-registration-response';
import { CanonicalFields } from '../../mapping/ncip/ncip-user-reader';
import { child, NCIP_NAMESPACE, NcipMessageInvalid, readXml, textAt, XmlElement } from '../../mapping/ncip/ncip-xml';
import { UnsafeXml } from '../../mapping/xml/xml-safety';

export interface KbAnswer {
  readonly status: number;
  readonly body: string;
}

const REGISTRATIONS: ReadonlySet<string> = new Set<RegistrationService>(['UpdateUser', 'DeleteUser']);

/**
 * The KB's side of registrations, written from the NCIP 2.02 schema rather than from the gateway's
 * writer: what it checks in a message, what it keeps per user (keyed by the user id the library sent),
 * and what it answers. UpdateUser creates or updates; DeleteUser of an unknown user succeeds (idempotent).
 */
export class KbRegister {
  private readonly users = new Map<string, CanonicalFields>();

  constructor(
    private readonly kbAgencyId: string,
    private readonly libraryAgencyId: string,
  ) {}

  user(key: string): CanonicalFields | undefined {
    return this.users.get(key);
  }

  size(): number {
    return this.users.size;
  }

  clear(): void {
    this.users.clear();
  }

  /** The answer to one POSTed body: 400 for what is not NCIP, otherwise 200 with a response or Problem. */
  answer(body: string): KbAnswer {
    let root: XmlElement;
    try {
      root = readXml(body);
    } catch (error) {
      if (error instanceof UnsafeXml || error instanceof NcipMessageInvalid) return bare(400, 'invalidMessageSyntax', error.message);
      throw error;
    }
    const [message, ...more] = root.children;
    if (root.name !== 'NCIPMessage' || root.namespace !== NCIP_NAMESPACE || root.attributes.version === undefined || message === undefined || more.length > 0) {
      return bare(400, 'invalidMessageSyntax', 'expected one service in an NCIPMessage with a version, in the NCIP namespace');
    }
    if (message.name === 'LookupAgency') return { status: 200, body: writeLookupAgencyResponse(this.kbAgencyId, 'Koninklijke Bibliotheek (sandbox)') };
    if (!REGISTRATIONS.has(message.name)) return bare(200, 'unsupportedService', undefined, message.name);
    const service = message.name as RegistrationService;
    const refuse = (problem: NcipProblem): KbAnswer => ({ status: 200, body: writeRegistrationProblem(service, [problem]) });
    const header = child(message, 'InitiationHeader');
    if (textAt(header, 'FromAgencyId', 'AgencyId') !== this.libraryAgencyId) return refuse(ncipProblem('unauthorizedServiceForAgency', { element: 'InitiationHeader/FromAgencyId' }));
    if (textAt(header, 'ToAgencyId', 'AgencyId') !== this.kbAgencyId) return refuse(ncipProblem('neededDataMissing', { element: 'InitiationHeader/ToAgencyId' }));
    const userId = child(message, 'UserId');
    const key = textAt(userId, 'UserIdentifierValue');
    if (key === undefined) return refuse(ncipProblem('neededDataMissing', { element: 'UserId' }));
    if (service === 'DeleteUser') this.users.delete(key);
    else this.users.set(key, { ...this.users.get(key), ...fromNcipRegistration(body).fields });
    const type = textAt(userId, 'UserIdentifierType');
    return { status: 200, body: writeRegistrationResponse(service, { agencyId: this.libraryAgencyId, ...(type !== undefined ? { type } : {}), value: key }) };
  }
}

function bare(status: number, kind: ProblemKind, detail?: string, element?: string): KbAnswer {
  return { status, body: writeProblemMessage([ncipProblem(kind, { ...(detail !== undefined ? { detail } : {}), ...(element !== undefined ? { element } : {}) })]) };
}
