import test from 'ava';
import { matchCommand, usage, type CommandSpec } from '../../src/cli/grammar.js';
import { splitCommands, tokenize } from '../../src/cli/tokenizer.js';

const words = (line: string) => {
  const result = tokenize(line);
  return result.ok ? result.tokens.map((token) => (token.quoted ? `"${token.text}"` : token.text)) : result.message;
};

const tokenized: [string, string[]][] = [
  ['LIST Domains', ['LIST', 'Domains']],
  ['  list   domains\t', ['list', 'domains']],
  ['', []],
  ['   ', []],
  ['ADD Account name alice password "correct horse"', ['ADD', 'Account', 'name', 'alice', 'password', '"correct horse"']],
  ['SET password "say \\"hi\\""', ['SET', 'password', '"say "hi""']],
  ['SET password "back\\\\slash"', ['SET', 'password', '"back\\slash"']],
  ['SET password "a\\b"', ['SET', 'password', '"a\\b"']],
  ['SET twoFactorSecretKey ""', ['SET', 'twoFactorSecretKey', '""']],
  ['SET brandingName "Ünïcödé Mail ✓"', ['SET', 'brandingName', '"Ünïcödé Mail ✓"']],
  ['SET password p@ss;word\\', ['SET', 'password', 'p@ss;word\\']],
];
for (const [line, expected] of tokenized) {
  test(`tokenize ${JSON.stringify(line)}`, (t) => {
    t.deepEqual(words(line), expected);
  });
}

const refused: [string, RegExp][] = [
  ['SET password "open', /no closing quote/],
  ['SET password "a"b', /right after a closing quote/],
  ['SET password a"b', /quote inside a word/],
  ['LIST\u0000Domains', /control character/],
  ['LIST Domains\u001b[2J', /control character/],
  ['LIST Domains\r', /control character/],
  ['SET x "\u0085"', /control character/],
];
for (const [line, message] of refused) {
  test(`tokenize refuses ${JSON.stringify(line)}`, (t) => {
    const result = tokenize(line);
    t.false(result.ok);
    if (!result.ok) t.regex(result.message, message);
  });
}

const SPECS: CommandSpec[] = [
  { words: ['SHOW'], help: '' },
  { words: ['SHOW', 'Account'], args: [{ kind: 'value', name: 'name', keyword: 'name' }], help: '' },
  { words: ['LIST', 'Accounts'], args: [{ kind: 'value', name: 'wildcard', optional: true }], help: '' },
  { words: ['CREATE', 'Domain'], args: [{ kind: 'pair', key: 'name' }, { kind: 'pair', key: 'postmasterPassword' }], ignoresOtherPairs: true, help: '' },
  { words: ['ADD', 'Account'], args: [{ kind: 'value', name: 'name', keyword: 'name' }, { kind: 'pair', key: 'password' }], help: '' },
  { words: ['INHERIT', 'SETTINGS', 'FROM', 'accountClass'], args: [{ kind: 'value', name: 'class' }], help: '' },
];

const matched: [string, string, Record<string, string>][] = [
  ['show', 'SHOW', {}],
  ['SHOW Account name alice', 'SHOW Account', { name: 'alice' }],
  ['show ACCOUNT Alice', 'SHOW Account', { name: 'Alice' }],
  ['SHOW Account name', 'SHOW Account', { name: 'name' }],
  ['SHOW Account name name', 'SHOW Account', { name: 'name' }],
  ['LIST Accounts', 'LIST Accounts', {}],
  ['list accounts a*', 'LIST Accounts', { wildcard: 'a*' }],
  ['CREATE Domain name example.com postmasterPassword Secret-123', 'CREATE Domain', { name: 'example.com', postmasterPassword: 'Secret-123' }],
  ['create domain POSTMASTERPASSWORD "S p" NAME Example.com', 'CREATE Domain', { name: 'Example.com', postmasterPassword: 'S p' }],
  ['CREATE Domain name a.b domainLocation /var/x postmasterPassword p', 'CREATE Domain', { name: 'a.b', postmasterPassword: 'p' }],
  ['ADD Account name alice password "correct horse"', 'ADD Account', { name: 'alice', password: 'correct horse' }],
  ['ADD Account alice password x', 'ADD Account', { name: 'alice', password: 'x' }],
  ['inherit settings from ACCOUNTCLASS Staff', 'INHERIT SETTINGS FROM accountClass', { class: 'Staff' }],
];
for (const [line, command, values] of matched) {
  test(`match ${JSON.stringify(line)}`, (t) => {
    const result = tokenize(line);
    if (!result.ok) return t.fail(result.message);
    const match = matchCommand(result.tokens, SPECS);
    if (match.kind !== 'matched') return t.fail(JSON.stringify(match));
    t.is(match.spec.words.join(' '), command);
    t.deepEqual(match.values, values);
  });
}

const invalid: [string, RegExp][] = [
  ['SHOW Account', /Missing the name\. Usage: SHOW Account \[name\] <name>/],
  ['SHOW extra', /Unexpected "extra"/],
  ['CREATE Domain name example.com', /Missing postmasterPassword/],
  ['CREATE Domain name example.com postmasterPassword', /Missing a value after postmasterPassword/],
  ['CREATE Domain name a.b name c.d postmasterPassword p', /name is given twice/],
  ['CREATE Domain "name" a.b postmasterPassword p', /Unexpected "name"/],
  ['ADD Account alice passwd x', /Unexpected "passwd"/],
  ['ADD Account alice', /Missing password/],
  ['SHOW Account alice bob', /Unexpected "bob"/],
  ['INHERIT SETTINGS FROM accountClass', /Missing the class/],
];
for (const [line, message] of invalid) {
  test(`match refuses ${JSON.stringify(line)}`, (t) => {
    const result = tokenize(line);
    if (!result.ok) return t.fail(result.message);
    const match = matchCommand(result.tokens, SPECS);
    t.is(match.kind, 'invalid');
    if (match.kind === 'invalid') t.regex(match.message, message);
  });
}

test('quoted words are values, never keywords', (t) => {
  const result = tokenize('"SHOW"');
  if (!result.ok) return t.fail();
  t.is(matchCommand(result.tokens, SPECS).kind, 'none');
  t.is(matchCommand([{ text: 'DELETE', quoted: false }], SPECS).kind, 'none');
});

test('usage shows keywords, optional parts and pairs', (t) => {
  t.deepEqual(SPECS.map(usage), [
    'SHOW',
    'SHOW Account [name] <name>',
    'LIST Accounts [<wildcard>]',
    'CREATE Domain name <name> postmasterPassword <postmasterPassword> [...]',
    'ADD Account [name] <name> password <password>',
    'INHERIT SETTINGS FROM accountClass <class>',
  ]);
});

const scripts: [string, string[]][] = [
  ['LIST Domains', ['LIST Domains']],
  ['UPDATE Domain example.com; SHOW ;; BACK;', ['UPDATE Domain example.com', 'SHOW', 'BACK']],
  ['SET password "a;b"; COMMIT', ['SET password "a;b"', 'COMMIT']],
  ['SET password "say \\";\\" ok"; COMMIT', ['SET password "say \\";\\" ok"', 'COMMIT']],
  ['', []],
];
for (const [script, commands] of scripts) {
  test(`split ${JSON.stringify(script)}`, (t) => {
    t.deepEqual(splitCommands(script), commands);
  });
}
