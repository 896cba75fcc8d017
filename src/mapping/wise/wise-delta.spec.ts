import { MappingFailed } from '../../errors/partner-errors';
import { patronIdsOf } from './wise-delta';

describe('patronIdsOf', () => {
  it.each([
    ['a list of ids', ['1001', 1002, ' 1003 '], ['1001', '1002', '1003']],
    ['a list of patrons', [{ patronSystemId: 1001 }, { id: '1002' }], ['1001', '1002']],
    ['a wrapped list', { patronSystemIds: ['1001', '1001', '1002'] }, ['1001', '1002']],
    ['a page', { items: [{ pid: '7' }], total: 1 }, ['7']],
    ['nothing', [], []],
  ])('reads %s', (_what, answer, ids) => {
    expect(patronIdsOf(answer, 'updated')).toEqual(ids);
  });

  it.each([
    ['no list', { count: 3 }, 'updated is not a list'],
    ['an element without an id', [{ name: 'x' }], 'updated[0] is not a patron id'],
    ['a blank id', ['  '], 'updated[0] is not a patron id'],
  ])('refuses %s, naming where', (_what, answer, message) => {
    expect(() => patronIdsOf(answer, 'updated')).toThrow(MappingFailed);
    expect(() => patronIdsOf(answer, 'updated')).toThrow(message);
  });
});
