import { patronIdForCard } from './wise-search';

describe('patronIdForCard', () => {
  it('names the patron that holds exactly this card, in a bare or paged answer', () => {
    const answer = [
      { patronSystemId: 1001, cardNumber: '22601000100001' },
      { patronSystemId: '1002', cardnumber: '22601000100002', lastName: 'Veen' },
    ];
    expect(patronIdForCard(answer, '22601000100002')).toBe('1002');
    expect(patronIdForCard({ items: answer, total: 2 }, '2260 1000 1000 01')).toBe('1001');
  });

  it('is undefined when no patron in the answer holds the card (a search also matches other fields)', () => {
    expect(patronIdForCard([{ patronSystemId: '1003', cardNumber: '22601000100003' }], '22601000100009')).toBeUndefined();
    expect(patronIdForCard([], '22601000100009')).toBeUndefined();
    expect(patronIdForCard(undefined, '22601000100009')).toBeUndefined();
  });
});
