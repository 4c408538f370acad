import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../src/core/errors.ts';
import { getHunt, listHunts, parameterFlag, resolveHuntParams } from '../../src/hunts/hunts.ts';

function userErrorMatching(pattern: RegExp) {
  return (e: unknown) => e instanceof UserError && pattern.test(e.message);
}

describe('hunt registry', () => {
  it('lists the built-in hunts and refuses unknown names with the known ones', () => {
    assert.ok(listHunts().some((h) => h.name === 'beaconing'));
    assert.throws(() => getHunt('nope'), userErrorMatching(/^Unknown hunt "nope" \(known: beaconing/));
  });

  for (const hunt of listHunts()) {
    describe(hunt.name, () => {
      it('has documented parameters whose defaults pass their own checks', () => {
        assert.ok(hunt.description.length > 10);
        for (const p of hunt.parameters) {
          assert.ok(p.description.length > 5, `${p.name} needs a description`);
          assert.match(parameterFlag(p.name), /^--[a-z][a-z-]*$/);
        }
        const params = resolveHuntParams(hunt, {});
        for (const p of hunt.parameters) assert.deepEqual(params[p.name], p.default);
        assert.ok(hunt.outputColumns(params).length > 0);
        assert.ok(hunt.input(params).columns.length > 0);
      });

      it('refuses out-of-range numbers and unknown parameters, naming the flag', () => {
        for (const p of hunt.parameters) {
          if (p.min !== undefined) {
            assert.throws(
              () => resolveHuntParams(hunt, { [p.name]: String(p.min! - 1) }),
              userErrorMatching(new RegExp(`^${parameterFlag(p.name)} must be at least`)),
            );
          }
          if (p.max !== undefined) {
            assert.throws(
              () => resolveHuntParams(hunt, { [p.name]: p.max! + 1 }),
              userErrorMatching(new RegExp(`^${parameterFlag(p.name)} must be at most`)),
            );
          }
        }
        assert.throws(
          () => resolveHuntParams(hunt, { noSuchThing: 1 }),
          userErrorMatching(/has no parameter "noSuchThing"/),
        );
      });
    });
  }

  it('parses command-line text into typed values', () => {
    const hunt = getHunt('beaconing');
    const params = resolveHuntParams(hunt, {
      minCheckins: '12',
      acrossPorts: true,
      allowDestinations: '10.0.0.0/8, 192.0.2.1',
      mode: 'sentinel',
    });
    assert.equal(params['minCheckins'], 12);
    assert.equal(params['acrossPorts'], true);
    assert.deepEqual(params['allowDestinations'], ['10.0.0.0/8', '192.0.2.1']);
    assert.throws(
      () => resolveHuntParams(hunt, { minCheckins: '6.5' }),
      userErrorMatching(/--min-checkins must be a whole number/),
    );
    assert.throws(
      () => resolveHuntParams(hunt, { mode: 'fast' }),
      userErrorMatching(/--mode must be one of score, sentinel/),
    );
    assert.throws(
      () => resolveHuntParams(hunt, { percentBeaconThreshold: '150' }),
      userErrorMatching(/--percent-beacon-threshold must be at most 100/),
    );
    assert.throws(
      () => resolveHuntParams(hunt, { table: 'ZeekDns' }),
      userErrorMatching(/--table ZeekDns is not supported/),
    );
  });
});
