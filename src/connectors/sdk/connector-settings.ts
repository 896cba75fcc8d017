import { Env, EnvReader } from '../../config/env-reader';
import { Secret } from '../../config/secret';

/** One setting of a connector, read from `<PARTNER>_<SETTING>` (e.g. `HKA_BASE_URL`). */
export type SettingSpec =
  | { readonly kind: 'url'; readonly description: string; readonly default?: string }
  | { readonly kind: 'text'; readonly description: string; readonly default?: string }
  | { readonly kind: 'secret'; readonly description: string; readonly minLength?: number }
  | { readonly kind: 'integer'; readonly description: string; readonly default: number; readonly min: number; readonly max: number }
  | { readonly kind: 'choice'; readonly description: string; readonly choices: readonly string[]; readonly default: string };

export type SettingsSchema = Readonly<Record<string, SettingSpec>>;

type ValueOf<S extends SettingSpec> = S extends { kind: 'integer' } ? number : S extends { kind: 'secret' } ? Secret : string;

/** The typed settings of a connector; secrets are `Secret`s, never printable. */
export type SettingsOf<S extends SettingsSchema> = { readonly [K in keyof S]: ValueOf<S[K]> };

/** 'baseUrl' of 'hka' → 'HKA_BASE_URL'. */
export function settingVariable(partner: string, key: string): string {
  return `${partner.replace(/-/g, '_')}_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2')}`.toUpperCase();
}

/** Thrown when a connector's settings are wrong; names every wrong variable, never a secret's value. */
export class ConnectorSettingsInvalid extends Error {
  constructor(
    readonly partner: string,
    readonly problems: readonly string[],
  ) {
    super(`connector '${partner}' is misconfigured: ${problems.join('; ')}`);
    this.name = 'ConnectorSettingsInvalid';
  }
}

/** Reads and checks a connector's settings from the environment (and the sandbox's defaults under it). */
export function readSettings<S extends SettingsSchema>(partner: string, schema: S, env: Env): SettingsOf<S> {
  const read = new EnvReader(env);
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(schema)) {
    const name = settingVariable(partner, key);
    let value: unknown;
    switch (spec.kind) {
      case 'integer':
        value = read.integer(name, spec.default, spec.min, spec.max);
        break;
      case 'secret':
        value = read.secret(name, spec.minLength ?? 1);
        break;
      case 'url': {
        const url = read.text(name) === undefined && spec.default !== undefined ? spec.default : read.url(name, ['http:', 'https:'])?.reveal();
        value = url;
        break;
      }
      case 'text':
        value = read.text(name) ?? spec.default;
        break;
      case 'choice':
        value = read.choice(name, spec.choices, spec.default);
        break;
    }
    if (value === undefined && !read.problems.some((p) => p.startsWith(name))) read.problem(`${name} is required (${spec.description})`);
    out[key] = value;
  }
  if (read.problems.length > 0) throw new ConnectorSettingsInvalid(partner, read.problems);
  return out as SettingsOf<S>;
}
