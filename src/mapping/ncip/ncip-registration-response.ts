import { NcipProblem, readProblems, writeProblemMessage } from './ncip-problem';
import { RegistrationService } from './ncip-registration';
import { SCHEMES } from './ncip-schemes';
import { child, leaf, NcipMessageInvalid, node, readXml, textAt, writeNcipMessage } from './ncip-xml';

/** The user a registration answer names: as the partner keys it. */
export interface AnsweredUser {
  readonly agencyId?: string;
  readonly type?: string;
  readonly value: string;
}

/** UpdateUserResponse / DeleteUserResponse naming the user (the partner's side; the KB sandbox writes it). */
export function writeRegistrationResponse(service: RegistrationService, user: AnsweredUser): string {
  return writeNcipMessage(
    node(`${service}Response`, node('UserId', leaf('AgencyId', user.agencyId), leaf('UserIdentifierType', user.type, SCHEMES.userIdentifierType), leaf('UserIdentifierValue', user.value))),
  );
}

/** The same answer carrying Problems instead. */
export function writeRegistrationProblem(service: RegistrationService, problems: readonly [NcipProblem, ...NcipProblem[]]): string {
  return writeProblemMessage(problems, `${service}Response`);
}

export interface RegistrationAnswer {
  /** The response element's name, e.g. 'UpdateUserResponse'; 'Problem' for a bare Problem answer. */
  readonly response: string;
  readonly problems: NcipProblem[];
  /** The partner's UserIdentifierValue on success: its reference, not member data the gateway did not send. */
  readonly userIdentifier?: string;
}

/** What the partner answered to a registration; throws NcipMessageInvalid when it is not NCIP. */
export function readRegistrationAnswer(xml: string): RegistrationAnswer {
  const root = readXml(xml);
  const response = root.children[0];
  if (root.name !== 'NCIPMessage' || response === undefined) throw new NcipMessageInvalid('the answer is not an NCIPMessage');
  const userIdentifier = textAt(child(response, 'UserId'), 'UserIdentifierValue');
  return { response: response.name, problems: readProblems(root), ...(userIdentifier !== undefined ? { userIdentifier } : {}) };
}
