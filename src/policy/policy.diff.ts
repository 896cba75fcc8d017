import { canonicalJson } from '../domain/canonical-json';
import { FieldRule, LifecycleEvent, PolicyDocument, Purpose, Transform } from './policy.document';

export interface TransformChange {
  readonly path: string;
  readonly from: Transform;
  readonly to: Transform;
}

export interface ConditionChange {
  readonly path: string;
  readonly from: FieldRule['when'] | null;
  readonly to: FieldRule['when'] | null;
}

export interface SettingChange {
  readonly setting: string;
  readonly from: unknown;
  readonly to: unknown;
}

export interface PurposeDiff {
  readonly purpose: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly fieldsAdded: FieldRule[];
  readonly fieldsRemoved: FieldRule[];
  readonly transformsChanged: TransformChange[];
  readonly conditionsChanged: ConditionChange[];
  /** legalBasis, requiresConsent, retentionDays, sendOn, description. */
  readonly settingsChanged: SettingChange[];
  /** For an added purpose: the lifecycle events that will send it by itself. */
  readonly sendOn?: LifecycleEvent[];
}

export interface PolicyDiff {
  /** displayName, relationship, agreement.* */
  readonly settingsChanged: SettingChange[];
  readonly purposes: PurposeDiff[];
  readonly unchanged: boolean;
}

const PURPOSE_SETTINGS = ['description', 'legalBasis', 'requiresConsent', 'retentionDays', 'sendOn'] as const;

function settingChanges(from: object, to: object, keys: readonly string[], prefix: string): SettingChange[] {
  const a = from as Record<string, unknown>;
  const b = to as Record<string, unknown>;
  return keys
    .filter((key) => canonicalJson(a[key] ?? null) !== canonicalJson(b[key] ?? null))
    .map((key) => ({ setting: `${prefix}${key}`, from: a[key] ?? null, to: b[key] ?? null }));
}

function diffPurpose(id: string, from: Purpose | undefined, to: Purpose | undefined): PurposeDiff | undefined {
  const before = new Map((from?.fields ?? []).map((field) => [field.path, field]));
  const after = new Map((to?.fields ?? []).map((field) => [field.path, field]));
  const fieldsAdded = [...after.values()].filter((field) => !before.has(field.path));
  const fieldsRemoved = [...before.values()].filter((field) => !after.has(field.path));
  const transformsChanged: TransformChange[] = [];
  const conditionsChanged: ConditionChange[] = [];
  for (const [path, next] of after) {
    const previous = before.get(path);
    if (previous === undefined) continue;
    const was = previous.transform ?? 'copy';
    const is = next.transform ?? 'copy';
    if (was !== is) transformsChanged.push({ path, from: was, to: is });
    if (canonicalJson(previous.when ?? null) !== canonicalJson(next.when ?? null)) {
      conditionsChanged.push({ path, from: previous.when ?? null, to: next.when ?? null });
    }
  }
  const settingsChanged = from !== undefined && to !== undefined ? settingChanges(from, to, PURPOSE_SETTINGS, '') : [];
  const change = from === undefined ? 'added' : to === undefined ? 'removed' : 'changed';
  const changed = fieldsAdded.length + fieldsRemoved.length + transformsChanged.length + conditionsChanged.length + settingsChanged.length > 0;
  if (change === 'changed' && !changed) return undefined;
  const triggers = change === 'added' && to?.sendOn !== undefined ? { sendOn: to.sendOn } : {};
  return { purpose: id, change, fieldsAdded, fieldsRemoved, transformsChanged, conditionsChanged, settingsChanged, ...triggers };
}

/** What changes between two versions of one partner's policy, purpose by purpose. */
export function diffPolicies(from: PolicyDocument, to: PolicyDocument): PolicyDiff {
  const settingsChanged = [
    ...settingChanges(from, to, ['displayName', 'relationship'], ''),
    ...settingChanges(from.agreement, to.agreement, ['reference', 'signedOn', 'validFrom', 'validUntil'], 'agreement.'),
  ];
  const before = new Map(from.purposes.map((purpose) => [purpose.id, purpose]));
  const after = new Map(to.purposes.map((purpose) => [purpose.id, purpose]));
  const ids = [...new Set([...before.keys(), ...after.keys()])];
  const purposes = ids
    .map((id) => diffPurpose(id, before.get(id), after.get(id)))
    .filter((diff): diff is PurposeDiff => diff !== undefined);
  return { settingsChanged, purposes, unchanged: settingsChanged.length === 0 && purposes.length === 0 };
}
