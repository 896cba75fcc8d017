import { normaliseDate, normaliseDateTime } from './wise-dates';

describe('normaliseDate', () => {
  it.each([
    ['2024-03-01', '2024-03-01'],
    [' 2024-03-01 ', '2024-03-01'],
    ['01-03-2024', '2024-03-01'],
    ['01/03/2024', '2024-03-01'],
    ['2024-03-01T00:00:00', '2024-03-01'],
    ['2024-03-01T23:30:00.000', '2024-03-01'],
    // An instant is the day it was in Amsterdam: winter (+01:00) and summer (+02:00).
    ['2024-02-29T23:00:00Z', '2024-03-01'],
    ['2024-06-30T22:00:00.000Z', '2024-07-01'],
    ['2024-06-30T21:59:59Z', '2024-06-30'],
    ['2024-03-01T00:30:00+01:00', '2024-03-01'],
    ['2024-03-01T00:30:00+0100', '2024-03-01'],
    ['2024-02-29', '2024-02-29'],
  ])('reads %j as %s', (text, date) => {
    expect(normaliseDate(text)).toBe(date);
  });

  it.each(['2023-02-29', '2024-13-01', '31-04-2024', 'gisteren', '2024-3-1', '20240301', ''])('refuses %j', (text) => {
    expect(normaliseDate(text)).toBeUndefined();
  });
});

describe('normaliseDateTime', () => {
  it.each([
    ['2024-03-01T10:15:00Z', '2024-03-01T10:15:00Z'],
    ['2024-03-01T10:15:00.123+01:00', '2024-03-01T10:15:00.123+01:00'],
    ['2024-03-01T10:15Z', '2024-03-01T10:15:00Z'],
    // Without a zone it is Amsterdam time, with the offset of that day (the clocks change on 31 March 2024).
    ['2024-03-01T10:15:00', '2024-03-01T10:15:00+01:00'],
    ['2024-03-31 03:30:00', '2024-03-31T03:30:00+02:00'],
    ['2024-07-01 09:00', '2024-07-01T09:00:00+02:00'],
    ['2024-07-01', '2024-07-01T00:00:00+02:00'],
    ['01-12-2024', '2024-12-01T00:00:00+01:00'],
  ])('reads %j as %s', (text, dateTime) => {
    expect(normaliseDateTime(text)).toBe(dateTime);
  });

  it.each(['2024-03-01T25:00:00Z', '2024-02-30T10:00:00Z', 'now', '2024-03-01T10'])('refuses %j', (text) => {
    expect(normaliseDateTime(text)).toBeUndefined();
  });
});
