import { SCHEMES } from './ncip-schemes';
import { leaf, node, writeNcipMessage } from './ncip-xml';

/**
 * A LookupAgency for the partner's own agency: the cheapest NCIP question, carrying no member data. The
 * gateway's health check asks it; any NCIP answer (a LookupAgencyResponse or a Problem) proves the partner answers.
 */
export function writeLookupAgency(agencyId: string, partnerAgencyId: string): string {
  return writeNcipMessage(
    node(
      'LookupAgency',
      node('InitiationHeader', node('FromAgencyId', leaf('AgencyId', agencyId)), node('ToAgencyId', leaf('AgencyId', partnerAgencyId))),
      leaf('AgencyId', partnerAgencyId),
      leaf('AgencyElementType', 'Organization Name Information', SCHEMES.agencyElementType),
    ),
  );
}

/** The partner's answer naming itself (the KB sandbox writes it). */
export function writeLookupAgencyResponse(agencyId: string, name: string): string {
  return writeNcipMessage(
    node('LookupAgencyResponse', leaf('AgencyId', agencyId), node('OrganizationNameInformation', leaf('OrganizationNameType', 'Formal'), leaf('OrganizationName', name))),
  );
}
