import { describe, expect, it } from 'vitest';
import { WdlTypeError } from '../errors.js';
import { openBundle } from '../runtime/bundle.js';
import { checkNamespace } from './check.js';

/** The checker's error for a one-file document (the first line of the message), or 'ok'. */
function check(text: string, file = '/docs/bad.wdl'): string {
  try {
    checkNamespace(openBundle({ main: file, sources: { [file]: text } }));
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(WdlTypeError);
    expect((e as WdlTypeError).code).toBe('WDL_TYPE');
    return (e as Error).message;
  }
}

const wf = (body: string, version = '1.1') => `version ${version}\n\nworkflow w {\n${body}\n}\n`;
const task = `
task t {
  input {
    Int n
    String? label
  }
  command <<< echo ~{n} >>>
  output {
    Int out = n
  }
}
`;

describe('the static type checker', () => {
  it('reports an unknown name with its position and a caret under it', () => {
    expect(check(wf('  Int a = 1\n  Int b = a + c'))).toBe(
      "/docs/bad.wdl:5:15: unknown name 'c'\n    Int b = a + c\n                ^",
    );
  });

  it('reports a standard library call with an argument of the wrong type', () => {
    expect(check(wf('  Int n = 3\n  Array[String] xs = prefix("a", n)')).split('\n')[0]).toBe(
      '/docs/bad.wdl:5:22: prefix(): argument 2 must be Array[String], not Int',
    );
  });

  it('refuses an optional value where WDL 1.1 wants a non-optional one, and accepts it in 1.0', () => {
    const body = '  input {\n    Int? maybe\n  }\n  Int sure = maybe';
    expect(check(wf(body)).split('\n')[0]).toBe(
      "/docs/bad.wdl:7:14: the value of 'sure' must be Int, not the optional Int? (use select_first() or a default)",
    );
    expect(check(wf(body, '1.0'))).toBe('ok');
    expect(check(wf('  input {\n    Int? maybe\n  }\n  Int sure = select_first([maybe, 1])'))).toBe('ok');
  });

  it('reports a call of a task the document does not have', () => {
    expect(check(wf('  call nowhere') + task).split('\n')[0]).toBe(
      "/docs/bad.wdl:4:3: no task or workflow named 'nowhere'",
    );
  });

  it('reports a call input the task does not have, listing the inputs it has', () => {
    expect(check(wf('  call t { input: n = 1, size = 2 }') + task).split('\n')[0]).toBe(
      "/docs/bad.wdl:4:33: call 't' has no input 'size'; t's inputs: n, label",
    );
  });

  it('reports a call input of the wrong type', () => {
    expect(check(wf('  call t { input: n = "three" }') + task).split('\n')[0]).toBe(
      "/docs/bad.wdl:4:23: input 'n' of call 't' must be Int, not String",
    );
  });

  it('types call outputs, scatter gathers and conditionals', () => {
    const body = [
      '  scatter (i in range(3)) {',
      '    call t as each { input: n = i }',
      '  }',
      '  if (length(each.out) > 2) {',
      '    call t as maybe { input: n = 1 }',
      '  }',
      '  Array[Int] outs = each.out',
      '  Int? m = maybe.out',
      '  Int total = length(outs) + select_first([m, 0])',
    ].join('\n');
    expect(check(wf(body) + task)).toBe('ok');
    expect(check(wf(body.replace('Int? m =', 'Int m =')) + task).split('\n')[0]).toBe(
      "/docs/bad.wdl:11:17: the value of 'm' must be Int, not the optional Int? (use select_first() or a default)",
    );
    expect(check(wf(body.replace('Array[Int] outs', 'Int outs')) + task).split('\n')[0]).toBe(
      "/docs/bad.wdl:10:19: the value of 'outs' must be Int, not Array[Int]",
    );
  });

  it("applies WDL's coercions: Int to Float, String to File, literals into Map, Pair and struct types", () => {
    const body = [
      '  Float f = 1',
      '  File path = "a.txt"',
      '  Map[String, Float] m = {"a": 1, "b": 2.5}',
      '  Pair[Int, String] p = (1, "x")',
      '  Point pt = Point { x: 1, y: 2 }',
      '  Array[String] mixed = [1, "a", true]',
    ].join('\n');
    const structs = 'struct Point {\n  Int x\n  Int y\n}\n';
    expect(check(wf(body) + structs)).toBe('ok');
    expect(check(wf('  Point pt = Point { x: 1 }') + structs).split('\n')[0]).toBe(
      "/docs/bad.wdl:4:14: the Point literal lacks its member 'y' (Int)",
    );
    expect(check(wf('  Array[Int] xs = [[1], "a"]')).split('\n')[0]).toBe(
      "/docs/bad.wdl:4:19: the array's items have no common type: Array[Int]+, String",
    );
  });

  it('reports an unknown struct type and an unknown function', () => {
    expect(check(wf('  Nope x = 1')).split('\n')[0]).toBe(
      "/docs/bad.wdl:4:8: unknown type 'Nope' in the declaration of 'x'",
    );
    expect(check(wf('  Int x = frobnicate(1)')).split('\n')[0]).toBe(
      "/docs/bad.wdl:4:11: unknown function 'frobnicate'",
    );
  });

  it('checks task commands and outputs against the task inputs', () => {
    const bad = task.replace('echo ~{n}', 'echo ~{count}');
    expect(check(`version 1.1\n${bad}`).split('\n')[0]).toBe("/docs/bad.wdl:8:22: unknown name 'count'");
  });
});
