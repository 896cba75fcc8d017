import { byCatalogOrder, catalogField, leafPathsUnder } from '../domain/field-catalog';
import { DataCategory } from '../domain/data-category';
import { PolicyDocument, Transform } from './policy.document';

/** One processing activity of the register (GDPR art. 30): a purpose shared with one recipient. */
export interface ProcessingActivity {
  readonly partner: string;
  readonly recipient: string;
  readonly relationship: PolicyDocument['relationship'] | 'none';
  readonly agreement: PolicyDocument['agreement'] | null;
  readonly purpose: string;
  readonly description: string;
  readonly legalBasis: string;
  readonly requiresConsent: string | null;
  readonly retentionDays: number | null;
  readonly dataCategories: readonly DataCategory[];
  /** The leaf paths that may leave, in the catalog's order. */
  readonly fields: readonly string[];
  /** The same paths with what leaves of each: as it is (copy) or transformed (initials, age band, pseudonym, …); `conditional` when shared only `when` a condition holds. */
  readonly disclosed: ReadonlyArray<{ readonly path: string; readonly transform: Transform; readonly conditional: boolean }>;
  readonly policyVersion: number | null;
}

export interface ProcessingRegister {
  readonly controller: string;
  readonly generatedAt: string;
  readonly activities: readonly ProcessingActivity[];
  /** Processing the privacy statement names that exchanges no member data through the gateway. */
  readonly outsideTheGateway: ReadonlyArray<{ readonly name: string; readonly description: string }>;
}

/** The privacy statement's processing that does not go through a connector, listed so the register is complete. */
const OUTSIDE_THE_GATEWAY = [
  { name: 'Google Analytics', description: 'Websitebezoek meten (IP-adres naar Google, VS). Op de website, niet via de gateway: er worden geen ledengegevens uitgewisseld.' },
  { name: 'Sociale media (Facebook, Twitter)', description: 'Deelknoppen op de website plaatsen cookies van die partijen. Geen ledengegevens via de gateway.' },
  { name: 'Politie of justitie', description: 'Alleen bij een wettelijke plicht: een eenmalige verstrekking die de FG vastlegt met het bevel, laat goedkeuren en exporteert. Geen connector.' },
];

function categoriesOf(paths: readonly string[]): DataCategory[] {
  const found = new Set<DataCategory>();
  for (const path of paths) {
    const field = catalogField(path);
    if (field !== undefined) found.add(field.category);
  }
  return [...found];
}

/** The register of processing activities, generated from the active policies: nothing is kept by hand. */
export function buildProcessingRegister(policies: ReadonlyArray<{ readonly version: number; readonly document: PolicyDocument }>, now: Date): ProcessingRegister {
  const activities = policies.flatMap(({ version, document }) =>
    document.purposes.map((purpose) => {
      const disclosed = byCatalogOrder(
        purpose.fields.flatMap((rule) => leafPathsUnder(rule.path).map((path) => ({ path, transform: rule.transform ?? 'copy', conditional: rule.when !== undefined }))),
        (entry) => entry.path,
      );
      const fields = disclosed.map((entry) => entry.path);
      return {
        partner: document.partner,
        recipient: document.displayName,
        relationship: document.relationship,
        agreement: document.agreement,
        purpose: purpose.id,
        description: purpose.description,
        legalBasis: purpose.legalBasis,
        requiresConsent: purpose.requiresConsent ?? null,
        retentionDays: purpose.retentionDays ?? null,
        dataCategories: categoriesOf(fields),
        fields,
        disclosed,
        policyVersion: version,
      };
    }),
  );
  return { controller: 'Bibliotheek Staphorst', generatedAt: now.toISOString(), activities, outsideTheGateway: OUTSIDE_THE_GATEWAY };
}
