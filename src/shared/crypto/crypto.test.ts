import { argon2id } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import {
  concatBytes,
  decrypt,
  derivePhraseKeys,
  encrypt,
  fromBase64Url,
  fromHex,
  hkdf,
  importAesKey,
  newAesKeyBytes,
  newEcdhKeyPair,
  newSigningKeyPair,
  normalizePhrase,
  phraseProblem,
  phrasePrefix,
  sign,
  textEncoder,
  toBase64Url,
  toHex,
  unwrapKey,
  unwrapKeyFrom,
  verify,
  wrapKey,
  wrapKeyFor,
} from './index.js';

const small = { memoryKiB: 256, iterations: 2, parallelism: 1 };
const flip = (bytes: Uint8Array, index: number) => {
  const copy = bytes.slice();
  copy[index]! ^= 1;
  return copy;
};

describe('phrases', () => {
  it('normalizes to NFC, collapses whitespace, keeps case', () => {
    expect(normalizePhrase('  Le  cafe\u0301\t\nest   CHAUD ')).toBe('Le café est CHAUD');
  });

  it('needs 24 characters, counted as characters', () => {
    expect(phraseProblem('a'.repeat(23))).toBe('PHRASE_TOO_SHORT');
    expect(phraseProblem('a'.repeat(24))).toBeNull();
    expect(phraseProblem('   ' + 'b'.repeat(23) + '   ')).toBe('PHRASE_TOO_SHORT');
    expect(phraseProblem('🌊'.repeat(24))).toBeNull();
  });

  it('takes the first 12 characters as prefix', () => {
    expect(phrasePrefix('Le café est chaud ce matin')).toBe('Le café est ');
  });
});

describe('known answers', () => {
  it('Argon2id matches the reference implementation (m=256, t=2, p=2)', async () => {
    const out = await argon2id({
      password: 'password',
      salt: 'somesalt',
      memorySize: 256,
      iterations: 2,
      parallelism: 2,
      hashLength: 32,
      outputType: 'binary',
    });
    expect(toBase64Url(out)).toBe('bQk8UB_VmZZF4Oo79iDXuL5_0ttZwg2f_5U52iv1cDc');
  });

  it('HKDF-SHA-256 matches RFC 5869 test case 3', async () => {
    const okm = await hkdf(fromHex('0b'.repeat(22)), '', 42);
    expect(toHex(okm)).toBe('8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8');
  });

  it('AES-256-GCM matches the GCM specification test case 14', async () => {
    const key = await importAesKey(new Uint8Array(32));
    const sealed = concatBytes(
      new Uint8Array(12),
      fromHex('cea7403d4d606b6e074ec5d3baf39d18'),
      fromHex('d0d1c8a799996bf0265b98b5d48ab919'),
    );
    expect(await decrypt(key, sealed)).toEqual(new Uint8Array(16));
  });

  it('derives the same keys as recorded for a fixed phrase (regression vector of this scheme)', async () => {
    const keys = await derivePhraseKeys('  correct horse battery staple, ilot  ', 'demo', small);
    const again = await derivePhraseKeys('correct horse battery staple, ilot', 'demo', small);
    expect(toHex(keys.prefixId)).toBe(toHex(again.prefixId));
    expect(toHex(keys.authKey)).toBe(toHex(again.authKey));
    expect({ prefixId: toHex(keys.prefixId), authKey: toHex(keys.authKey) }).toMatchSnapshot();
  });
});

describe('derivation', () => {
  it('binds keys to the space and separates prefix, auth, wrap keys and local id', async () => {
    const phrase = 'une phrase assez longue pour servir';
    const a = await derivePhraseKeys(phrase, 'alpha', small);
    const b = await derivePhraseKeys(phrase, 'beta', small);
    expect(toHex(a.authKey)).not.toBe(toHex(b.authKey));
    expect(toHex(a.prefixId)).not.toBe(toHex(b.prefixId));
    const samePrefix = await derivePhraseKeys('une phrase a un autre bout', 'alpha', small);
    expect(toHex(samePrefix.prefixId)).toBe(toHex(a.prefixId));
    expect(toHex(samePrefix.authKey)).not.toBe(toHex(a.authKey));
    // The local id names a browser's database: unrelated to what the server receives, and to other spaces.
    expect(toHex(a.localId)).not.toBe(toHex(a.authKey));
    expect(toHex(a.localId)).not.toBe(toHex(b.localId));
    expect(toHex(samePrefix.localId)).not.toBe(toHex(a.localId));
    await expect(crypto.subtle.exportKey('raw', a.wrapKey)).rejects.toThrow();
  });
});

describe('encryption and wrapping', () => {
  it('round-trips with associated data, with a fresh nonce each time', async () => {
    const key = await importAesKey(newAesKeyBytes());
    const data = textEncoder.encode('note secrète');
    const ad = textEncoder.encode('note:1');
    const one = await encrypt(key, data, ad);
    const two = await encrypt(key, data, ad);
    expect(toHex(one)).not.toBe(toHex(two));
    expect(await decrypt(key, one, ad)).toEqual(data);
  });

  it('detects a flipped bit anywhere, and wrong associated data', async () => {
    const key = await importAesKey(newAesKeyBytes());
    const sealed = await encrypt(key, textEncoder.encode('note secrète'), textEncoder.encode('ad'));
    for (const index of [0, 11, 12, sealed.length - 1]) {
      await expect(decrypt(key, flip(sealed, index), textEncoder.encode('ad'))).rejects.toThrow();
    }
    await expect(decrypt(key, sealed, textEncoder.encode('other'))).rejects.toThrow();
    await expect(decrypt(key, sealed.slice(0, 20))).rejects.toThrow();
  });

  it('wraps a key under a symmetric key, bound to its purpose', async () => {
    const wrapping = await importAesKey(newAesKeyBytes());
    const raw = newAesKeyBytes();
    const wrapped = await wrapKey(wrapping, raw, 'account');
    expect(await unwrapKey(wrapping, wrapped, 'account')).toEqual(raw);
    await expect(unwrapKey(wrapping, wrapped, 'space')).rejects.toThrow();
    await expect(unwrapKey(wrapping, flip(wrapped, 20), 'account')).rejects.toThrow();
  });

  it('wraps a key for an ECDH public key that only its private key opens', async () => {
    const alice = await newEcdhKeyPair();
    const eve = await newEcdhKeyPair();
    const raw = newAesKeyBytes();
    const wrapped = await wrapKeyFor(alice.publicKey, raw, 'card');
    expect(await unwrapKeyFrom(alice.privateKey, wrapped, 'card')).toEqual(raw);
    await expect(unwrapKeyFrom(eve.privateKey, wrapped, 'card')).rejects.toThrow();
    await expect(unwrapKeyFrom(alice.privateKey, flip(wrapped, wrapped.length - 3), 'card')).rejects.toThrow();
  });

  it('signs and verifies with ECDSA; a changed message or signature fails', async () => {
    const pair = await newSigningKeyPair();
    const message = textEncoder.encode('group note v3');
    const signature = await sign(pair.privateKey, message);
    expect(await verify(pair.publicKey, signature, message)).toBe(true);
    expect(await verify(pair.publicKey, signature, textEncoder.encode('group note v4'))).toBe(false);
    expect(await verify(pair.publicKey, flip(signature, 5), message)).toBe(false);
  });

  it('encodes base64url both ways', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    expect(() => fromBase64Url('not base64!')).toThrow();
  });
});
