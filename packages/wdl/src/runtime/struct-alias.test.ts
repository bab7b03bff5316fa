import { describe, expect, it } from 'vitest';
import { openBundle } from './bundle.js';

// The spec's import_structs example in small: the imported Person's `income` is the imported Income, which this
// document knows as PatientIncome; its own Income is another struct.
const lib = `version 1.1
struct Income { Float amount  String period }
struct Person { String name  Income? income }
`;
const main = `version 1.1
import "lib.wdl" alias Person as Patient alias Income as PatientIncome
struct Income { Float dollars }
workflow w { Patient p = Patient { name: "Bill", income: PatientIncome { amount: 1, period: "hourly" } } }
`;

describe('struct aliases of an import', () => {
  it('keep the members of an imported struct pointing at the imported structs, under their aliases', () => {
    const ns = openBundle({ main: '/x/main.wdl', sources: { '/x/main.wdl': main, '/x/lib.wdl': lib } });
    expect(ns.structs.get('Patient')).toEqual([
      ['name', { kind: 'prim', name: 'String', optional: false }],
      ['income', { kind: 'named', name: 'PatientIncome', optional: true }],
    ]);
    expect(ns.structs.get('PatientIncome')?.map(([m]) => m)).toEqual(['amount', 'period']);
    expect(ns.structs.get('Income')?.map(([m]) => m)).toEqual(['dollars']);
  });
});
