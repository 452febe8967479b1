import { returnedRows } from '@buergeramt/platform';

describe('returnedRows', () => {
  it('unwraps the [rows, count] of UPDATE/DELETE ... RETURNING', () => {
    expect(returnedRows([[{ a: 1 }], 1])).toEqual([{ a: 1 }]);
    expect(returnedRows([{ a: 1 }])).toEqual([{ a: 1 }]);
    expect(returnedRows(undefined)).toEqual([]);
  });
});
