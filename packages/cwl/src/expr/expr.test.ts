import { afterAll, describe, expect, it } from 'vitest';
import { CwlExpressionError } from '../errors.js';
import { evaluate, type ExprContext } from './evaluate.js';
import { plainNumber, pythonJson } from './format.js';
import { evaluateParamRef } from './paramref.js';
import { Sandbox } from './sandbox.js';
import { scan } from './scan.js';

const sandbox = new Sandbox(500);
afterAll(() => sandbox.close());

const js = (inputs: Record<string, unknown>, lib: string[] = []): ExprContext => ({
  sandbox,
  lib,
  inputs,
  runtime: { outdir: '/out', cores: 2 },
});
const noJs = (inputs: Record<string, unknown>): ExprContext => ({ ...js(inputs), sandbox: undefined });

describe('scan', () => {
  it('finds $(...) and ${...} with nested brackets and quoted closers, and keeps \\$( literal', () => {
    expect(scan('a $(x[")"]) b ${ return {a: 1}; } \\$(no)')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'paren', code: 'x[")"]' },
      { kind: 'text', text: ' b ' },
      { kind: 'brace', code: ' return {a: 1}; ' },
      { kind: 'text', text: ' $(no)' },
    ]);
  });

  it('makes two backslashes one and keeps a backslash before anything but $( and ${ (v1.1+ quoting)', () => {
    expect(scan("echo '\\$' '\\\\$(x)' '\\\\\\$(x)' '\\\\'")).toEqual([
      { kind: 'text', text: "echo '\\$' '\\" },
      { kind: 'paren', code: 'x' },
      { kind: 'text', text: "' '\\$(x)' '\\'" },
    ]);
  });
});

describe('parameter references', () => {
  const vars = { inputs: { list: [1, 2, 3], rec: { length: 7 }, s: 'abc', n: null } };
  it('reads fields, indices and the length of lists, and a field named length of records', () => {
    expect(evaluateParamRef('inputs.list.length', vars)).toBe(3);
    expect(evaluateParamRef("inputs['list'][1]", vars)).toBe(2);
    expect(evaluateParamRef('inputs.rec.length', vars)).toBe(7);
    expect(evaluateParamRef('null', vars)).toBeNull();
  });
  it('refuses length of a string, fields of null and JavaScript', () => {
    expect(() => evaluateParamRef('inputs.s.length', vars)).toThrow(CwlExpressionError);
    expect(() => evaluateParamRef('inputs.n.x', vars)).toThrow("cannot read 'x' of null");
    expect(() => evaluateParamRef('inputs.list.map(x => x)', vars)).toThrow(/InlineJavascriptRequirement/);
  });
});

describe('evaluate', () => {
  it('returns the raw value of a lone expression and interpolates text otherwise', async () => {
    expect(await evaluate('$(inputs.x)', noJs({ x: [1, 2] }))).toEqual([1, 2]);
    expect(await evaluate('n=$(inputs.x) f=$(inputs.f)', noJs({ x: [1, 2], f: 0.00001 }))).toBe('n=[1,2] f=0.00001');
  });
  it('runs JavaScript with expressionLib, self and runtime in the sandbox', async () => {
    const ctx = js({ x: 4 }, ['function twice(v) { return 2 * v; }']);
    expect(await evaluate('$(twice(inputs.x) + runtime.cores)', ctx)).toBe(10);
    expect(await evaluate('${ return self.map(function (v) { return v + 1; }); }', ctx, [1, 2])).toEqual([2, 3]);
  });
  it('gives expressions no process or require, even through constructors and generated code', async () => {
    const ctx = js({});
    expect(await evaluate('$(typeof process + typeof require)', ctx)).toBe('undefinedundefined');
    await expect(evaluate("$(this.constructor.constructor('return process')())", ctx)).rejects.toThrow(
      CwlExpressionError,
    );
    expect(await evaluate("$(({}).constructor.constructor('return typeof process + typeof require')())", ctx)).toBe(
      'undefinedundefined',
    );
  });
  it('stops an endless loop at the time limit and keeps working afterwards', async () => {
    const started = Date.now();
    await expect(evaluate('${ while (true) {} }', js({}))).rejects.toThrow(/timed out/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await evaluate('$(1 + 1)', js({}))).toBe(2);
  });
});

describe('plainNumber', () => {
  it('writes small and large numbers without an exponent', () => {
    expect(plainNumber(0.00001)).toBe('0.00001');
    expect(plainNumber(1.23e-5)).toBe('0.0000123');
    expect(plainNumber(1e21)).toBe('1000000000000000000000');
    expect(plainNumber(-2.5e-7)).toBe('-0.00000025');
    expect(plainNumber(123000)).toBe('123000');
  });
});

describe('pythonJson', () => {
  it("lays JSON out as Python's json.dumps does, non-ASCII escaped", () => {
    expect(pythonJson({ a: [1, 'x', null], b: { c: true }, é: 'ü' })).toBe(
      '{"a": [1, "x", null], "b": {"c": true}, "\\u00e9": "\\u00fc"}',
    );
  });
});

describe('evaluate keepSpace', () => {
  it('keeps the trailing newline of an InitialWorkDir entry around a lone expression', async () => {
    const ctx = js({ q: 'Hi' });
    expect(await evaluate('${ return inputs.q; }\n', ctx)).toBe('Hi');
    expect(await evaluate('${ return inputs.q; }\n', ctx, null, { keepSpace: true })).toBe('Hi\n');
  });
});
