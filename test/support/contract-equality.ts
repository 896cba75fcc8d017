import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noteNotRun } from './databases';
import { sharedPath } from './shared-dir';

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/**
 * The gateway's own copy of a contract (`schema`) equals contracts/<file> in this repository and, when
 * this checkout has it beside it, the shared contract the project was specified against.
 */
export function describeContractEquality(name: string, schema: unknown, file: string): void {
  const own = join(__dirname, '..', '..', 'contracts', file);
  const shared = join(process.env.SHARED_CONTRACTS_DIR ?? sharedPath('contracts'), file);
  describe(`${name} schema`, () => {
    it(`is the contract contracts/${file}, deep-equal`, () => {
      expect(schema).toEqual(readJson(own));
    });
    if (existsSync(shared)) {
      it(`is the shared contract ${shared}, deep-equal`, () => {
        expect(schema).toEqual(readJson(shared));
        expect(readJson(own)).toEqual(readJson(shared));
      });
    } else {
      noteNotRun(`${name} schema equals ${shared}: no such file in this checkout (set SHARED_CONTRACTS_DIR)`);
    }
  });
}
