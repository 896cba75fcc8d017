import { SCHEMES } from './ncip-schemes';
import { child, childrenNamed, leaf, node, NcipNode, textAt, writeNcipMessage, XmlElement } from './ncip-xml';

/** An NCIP Problem: a ProblemType from a NISO scheme, and optional detail, element and value. */
export interface NcipProblem {
  readonly type: string;
  readonly scheme: string;
  readonly detail?: string;
  readonly element?: string;
  readonly value?: string;
}

/** The problems the gateway answers with, each a scheme value as NCIP defines it. */
export const PROBLEM_TYPES = {
  unknownUser: { type: 'Unknown User', scheme: SCHEMES.lookupUserProcessingError },
  /** LookupUser's scheme has no "User Blocked"; its refusal is "User Access Denied", the block named in the detail. */
  userAccessDenied: { type: 'User Access Denied', scheme: SCHEMES.lookupUserProcessingError },
  userAuthenticationFailed: { type: 'User Authentication Failed', scheme: SCHEMES.lookupUserProcessingError },
  neededDataMissing: { type: 'Needed Data Missing', scheme: SCHEMES.generalProcessingError },
  unsupportedService: { type: 'Unsupported Service', scheme: SCHEMES.generalProcessingError },
  systemAuthenticationFailed: { type: 'System Authentication Failed', scheme: SCHEMES.generalProcessingError },
  unauthorizedServiceForSystem: { type: 'Unauthorized Service For System', scheme: SCHEMES.generalProcessingError },
  unauthorizedServiceForAgency: { type: 'Unauthorized Service For Agency', scheme: SCHEMES.generalProcessingError },
  temporaryProcessingFailure: { type: 'Temporary Processing Failure', scheme: SCHEMES.generalProcessingError },
  unknownService: { type: 'Unknown Service', scheme: SCHEMES.messagingError },
  invalidMessageSyntax: { type: 'Invalid Message Syntax Error', scheme: SCHEMES.messagingError },
} as const satisfies Readonly<Record<string, NcipProblem>>;

export type ProblemKind = keyof typeof PROBLEM_TYPES;

/** One problem of a kind, with what the answer may say about it (never a member field the policy withheld). */
export function ncipProblem(kind: ProblemKind, about: { readonly detail?: string; readonly element?: string; readonly value?: string } = {}): NcipProblem {
  return { ...PROBLEM_TYPES[kind], ...about };
}

export function problemNode(problem: NcipProblem): NcipNode {
  return node(
    'Problem',
    leaf('ProblemType', problem.type, problem.scheme),
    leaf('ProblemDetail', problem.detail),
    leaf('ProblemElement', problem.element),
    leaf('ProblemValue', problem.value),
  );
}

/** Who answers whom: the ResponseHeader, when the initiator named its agency. */
export interface ResponseAgencies {
  readonly from: string;
  readonly to: string;
}

export function responseHeader(agencies: ResponseAgencies | undefined): NcipNode | undefined {
  if (agencies === undefined) return undefined;
  return node('ResponseHeader', node('FromAgencyId', leaf('AgencyId', agencies.from)), node('ToAgencyId', leaf('AgencyId', agencies.to)));
}

/**
 * A Problem message. Inside the service's response (`<LookupUserResponse><Problem>…`) when the service is
 * known and offered; bare under NCIPMessage (as NCIP allows) for a message that cannot be answered in kind.
 */
export function writeProblemMessage(problems: readonly [NcipProblem, ...NcipProblem[]], response?: string, agencies?: ResponseAgencies): string {
  if (response === undefined) {
    const [first, ...rest] = problems;
    if (rest.length > 0) throw new Error('a bare NCIP answer carries one Problem element here');
    return writeNcipMessage(problemNode(first));
  }
  return writeNcipMessage(node(response, responseHeader(agencies), ...problems.map(problemNode)));
}

function readProblem(element: XmlElement): NcipProblem {
  const type = child(element, 'ProblemType');
  const detail = textAt(element, 'ProblemDetail');
  const problemElement = textAt(element, 'ProblemElement');
  const value = textAt(element, 'ProblemValue');
  return {
    type: type?.text ?? '',
    scheme: type?.attributes.Scheme ?? '',
    ...(detail !== undefined ? { detail } : {}),
    ...(problemElement !== undefined ? { element: problemElement } : {}),
    ...(value !== undefined ? { value } : {}),
  };
}

/** The Problems of an NCIP message: bare under NCIPMessage, or inside its one response element. */
export function readProblems(root: XmlElement): NcipProblem[] {
  const bare = childrenNamed(root, 'Problem');
  const inResponse = root.children.flatMap((response) => childrenNamed(response, 'Problem'));
  return [...bare, ...inResponse].map(readProblem);
}
