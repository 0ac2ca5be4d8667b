// OpenPGP operations of the desktop app. main/crypto is the ONLY client code that imports openpgp.
//
//   const pgp = new OpenPgpService();
//   const { armoredPrivateKey, armoredPublicKey } = await pgp.generateKeyPair({ name, email, passphrase });
//   const me = await pgp.unlockPrivateKey(armoredPrivateKey, passphrase);     // WrongPassphraseError if wrong
//   const data = await pgp.encryptAndSign(JSON.stringify(secret), recipientArmoredKey, me);
//   const ring = await PublicKeyRing.fromArmored(orgArmoredKeys);
//   const { text, signature } = await pgp.decryptAndVerify(data, me, ring);  // 'valid' | 'unsigned' | ...
//   // JWT login:
//   const challenge = await pgp.encryptLoginChallenge(JSON.stringify(token), serverArmoredKey, me);
//   const answerJson = await pgp.decryptLoginResponse(body.challenge, me, serverArmoredKey); // SignatureError if not server-signed
//   me.wipe();
//
// Keys may be curve25519 (generated here) or RSA (existing Passbolt accounts). Fingerprints and key ids are
// uppercase hex, as Passbolt stores them. The functions are also exported one by one for the worker thread.
import {
  armor, createMessage, decryptKey, encrypt, encryptKey, enums, generateKey, generateSessionKey, readKey, readMessage, readPrivateKey,
  UnparseablePacket, type Key, type Message, type PrivateKey, type PublicKey,
} from 'openpgp';
import { encryptionMaterialOf, type EncryptionMaterial } from './encryption-material';
import {
  CryptoError, DecryptionError, EncryptionError, InvalidKeyError, WrongPassphraseError,
} from './errors';
import { sessionKeyProvider } from './session-keys/active';
import { unusableRecipientKey } from './session-keys/openpgp-provider';
import type { DecryptedSessionKey, SessionKeyBytes, SessionKeyEncrypter } from './session-keys/provider';
import { PublicKeyRing } from './public-key-ring';
import { UnlockedKey } from './unlocked-key';

export interface KeyInfo {
  /** Uppercase 40-hex fingerprint of the primary key. */
  fingerprint: string;
  /** Uppercase 16-hex key id of the primary key. */
  keyId: string;
  /** openpgp.js algorithm name of the primary key, e.g. 'eddsaLegacy', 'rsaEncryptSign', 'ed25519'. */
  algorithm: string;
  /** Passbolt's coarse `gpgkey.type`: 'RSA', 'ECC' (incl. EdDSA/ECDH) or 'OTHER'. */
  type: 'RSA' | 'ECC' | 'OTHER';
  /** Modulus bits for RSA, curve size for ECC (255 for curve25519). */
  bits: number | null;
  curve: string | null;
  created: Date;
  /** null = never expires. */
  expires: Date | null;
  /** Has a valid, unexpired, unrevoked encryption (sub)key now. */
  canEncrypt: boolean;
  /** That subkey, validated, for node:crypto wrapping (encryption-material.ts); null for other kinds or none. */
  encryption: EncryptionMaterial | null;
  isRevoked: boolean;
  isExpired: boolean;
  isPrivate: boolean;
  /** For private keys: true when the secret material is NOT passphrase-protected. */
  isDecrypted: boolean;
  /** User ids as written in the key, e.g. "Ada Lovelace <ada@example.com>". */
  userIds: string[];
  /** The armored public key (useful when the input was a private key). */
  armoredPublicKey: string;
}

export type SignatureStatus = 'valid' | 'unsigned' | 'invalid' | 'unknown-signer';

export interface DecryptResult {
  text: string;
  signature: SignatureStatus;
  /** Uppercase fingerprint of the verified signer ('valid' only). */
  signerFingerprint?: string;
  /** Uppercase key id named by the signature ('invalid' and 'unknown-signer'). */
  signerKeyId?: string;
}

export interface GenerateKeyPairInput {
  name: string;
  email: string;
  passphrase: string;
}

export interface GeneratedKeyPair {
  armoredPrivateKey: string;
  armoredPublicKey: string;
  fingerprint: string;
}

/** A public key given as armored text or already parsed. */
export type PublicKeyInput = string | PublicKey;

/** The signature of a message did not come from the expected key. */
export class SignatureError extends CryptoError {}

const ECC_BITS: Record<string, number> = {
  curve25519Legacy: 255, ed25519Legacy: 255, nistP256: 256, nistP384: 384, nistP521: 521, secp256k1: 256,
  brainpoolP256r1: 256, brainpoolP384r1: 384, brainpoolP512r1: 512,
};

function describeAlgorithm(key: Key): Pick<KeyInfo, 'algorithm' | 'type' | 'bits' | 'curve'> {
  const info = key.getAlgorithmInfo();
  const algorithm = String(info.algorithm);
  if (algorithm.startsWith('rsa')) return { algorithm, type: 'RSA', bits: info.bits ?? null, curve: null };
  const eccByName: Record<string, [string, number]> = {
    ed25519: ['ed25519', 255], x25519: ['curve25519', 255], ed448: ['ed448', 448], x448: ['curve448', 448],
  };
  const named = eccByName[algorithm];
  if (named) return { algorithm, type: 'ECC', bits: named[1], curve: named[0] };
  if (info.curve) return { algorithm, type: 'ECC', bits: ECC_BITS[info.curve] ?? null, curve: info.curve };
  return { algorithm, type: 'OTHER', bits: info.bits ?? null, curve: null };
}

async function parseKey(armoredKey: string): Promise<Key> {
  try {
    return await readKey({ armoredKey });
  } catch (err) {
    throw new InvalidKeyError('The text is not a valid OpenPGP key.', { cause: err });
  }
}

async function toPublicKey(input: PublicKeyInput): Promise<PublicKey> {
  const key = typeof input === 'string' ? await parseKey(input) : input;
  return key.isPrivate() ? key.toPublic() : key;
}

/** Generates a passphrase-protected curve25519 key pair (legacy EdDSA + ECDH packets, which GnuPG-based Passbolt servers accept). */
export async function generateKeyPair(input: GenerateKeyPairInput): Promise<GeneratedKeyPair> {
  if (input.passphrase.length === 0) throw new CryptoError('A passphrase is required to protect the private key.');
  const { privateKey, publicKey } = await generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: input.name, email: input.email }],
    passphrase: input.passphrase,
    format: 'armored',
  });
  const parsed = await readKey({ armoredKey: publicKey });
  return { armoredPrivateKey: privateKey, armoredPublicKey: publicKey, fingerprint: parsed.getFingerprint().toUpperCase() };
}

/** Reads the facts Passbolt's gpgkey record and the UI need about an armored public or private key. */
export async function readKeyInfo(armoredKey: string): Promise<KeyInfo> {
  const key = await parseKey(armoredKey);
  const expiration = await key.getExpirationTime().catch(() => null);
  const expires = expiration instanceof Date ? expiration : null;
  const isRevoked = await key.isRevoked();
  const now = new Date();
  const selected = await key.getEncryptionKey(undefined, now).catch(() => null);
  const canEncrypt = selected !== null;
  // The signatures are verified by now (openpgp.js caches that), so this costs little beside the parse.
  const encryption = selected ? await encryptionMaterialOf(key, selected, now) : null;
  return {
    fingerprint: key.getFingerprint().toUpperCase(),
    keyId: key.getKeyID().toHex().toUpperCase(),
    ...describeAlgorithm(key),
    created: key.getCreationTime(),
    expires,
    canEncrypt,
    encryption,
    isRevoked,
    isExpired: expires !== null && expires.getTime() <= Date.now(),
    isPrivate: key.isPrivate(),
    isDecrypted: key.isPrivate() ? key.isDecrypted() : false,
    userIds: key.getUserIDs(),
    armoredPublicKey: key.isPrivate() ? key.toPublic().armor() : key.armor(),
  };
}

async function readPrivate(armoredKey: string): Promise<PrivateKey> {
  try {
    return await readPrivateKey({ armoredKey });
  } catch (err) {
    throw new InvalidKeyError('The text is not a valid OpenPGP private key.', { cause: err });
  }
}

async function decryptPrivate(key: PrivateKey, passphrase: string): Promise<PrivateKey> {
  if (key.isDecrypted()) return key;
  try {
    return await decryptKey({ privateKey: key, passphrase });
  } catch (err) {
    // openpgp.js reports "Incorrect key passphrase" (and a malformed-MDC/AEAD error for some S2K modes).
    throw new WrongPassphraseError({ cause: err });
  }
}

/** Decrypts an armored private key with its passphrase. Throws WrongPassphraseError or InvalidKeyError. */
export async function unlockPrivateKey(armoredPrivateKey: string, passphrase: string): Promise<UnlockedKey> {
  const key = await readPrivate(armoredPrivateKey);
  return new UnlockedKey(await decryptPrivate(key, passphrase));
}

/** Re-encrypts the private key under a new passphrase; returns the new armored private key. */
export async function changePassphrase(armoredPrivateKey: string, oldPassphrase: string, newPassphrase: string): Promise<string> {
  if (newPassphrase.length === 0) throw new CryptoError('A passphrase is required to protect the private key.');
  const key = await readPrivate(armoredPrivateKey);
  const decrypted = await decryptPrivate(key, oldPassphrase);
  try {
    const reEncrypted = await encryptKey({ privateKey: decrypted, passphrase: newPassphrase });
    return reEncrypted.armor();
  } finally {
    new UnlockedKey(decrypted).wipe();
  }
}

/** Encrypts `text` to one recipient and signs it with `signer`. Returns an armored message. */
export async function encryptAndSign(text: string, recipient: PublicKeyInput, signer: UnlockedKey): Promise<string> {
  const encryptionKey = await toPublicKey(recipient);
  const signingKey = signer.privateKey;
  try {
    return await encrypt({
      message: await createMessage({ text }),
      encryptionKeys: encryptionKey,
      signingKeys: signingKey,
      format: 'armored',
    });
  } catch (err) {
    throw unusableRecipientKey(err);
  }
}

/**
 * Decrypts an armored message with `key` and checks its signature against `knownKeys` (the organisation's public
 * keys). Throws DecryptionError when it cannot be decrypted. The signature verdict is returned, not thrown:
 * 'unsigned' (no signature), 'unknown-signer' (signed by a key not in the ring), 'invalid' (a ring key's signature
 * that does not verify), 'valid'.
 */
export async function decryptAndVerify(armoredMessage: string, key: UnlockedKey, knownKeys?: PublicKeyRing): Promise<DecryptResult> {
  const { result, sessionKeys } = await openMessage(armoredMessage, key, knownKeys);
  for (const sk of sessionKeys) sk.data.fill(0);
  return result;
}

type SessionKeys = Parameters<Message<string>['decrypt']>[2];

async function decryptParsed(message: Message<string>, knownKeys: PublicKeyRing | undefined, sessionKeys: SessionKeys): Promise<DecryptResult> {
  let decrypted;
  let text: string | null;
  try {
    // Also checks the integrity tag (non-streamed input).
    decrypted = await message.decrypt(undefined, undefined, sessionKeys);
    text = decrypted.getText() as string | null;
  } catch (err) {
    throw new DecryptionError('The message could not be decrypted with this key.', { cause: err });
  }
  if (text === null) throw new DecryptionError('The message holds no literal data.');
  // Verify against the signer's key only: handing openpgp.js the whole organisation ring (often 1,000+ keys) costs
  // several milliseconds per message in key lookups.
  const signers = new Set<PublicKey>();
  for (const id of decrypted.getSigningKeyIDs()) {
    const signer = knownKeys?.byKeyId(id.toHex());
    if (signer) signers.add(signer);
  }
  const signatures = await decrypted.verify([...signers]);
  return { text, ...(await judgeSignatures(signatures, knownKeys)) };
}

// Session-key reuse (RFC 9580 §5.1, what every multi-recipient OpenPGP message does): the signed literal data is
// encrypted ONCE under a random session key (one SEIPD packet); each recipient gets their own message made of one
// public-key-encrypted session key packet for their encryption subkey followed by that same SEIPD packet. Each
// stored message still has exactly one recipient, as Passbolt requires, and decrypts and verifies with plain
// OpenPGP; per recipient the cost is one public-key operation instead of a full sign and encrypt. Session keys are
// decrypted and encrypted by the active provider (session-keys/: openpgp.js, or node:crypto where it pays).

/** A session key, the only secret needed to wrap a shared body for more recipients. Zero `data` when done. */
export type WrapKey = SessionKeyBytes;

/** The signed literal data, encrypted once under `sessionKey`: one SEIPD v1 packet, binary. */
export interface SharedBody {
  sessionKey: WrapKey;
  body: Uint8Array;
}

/**
 * Signs `text` with `signer` and encrypts it once under a fresh session key. The cipher is the one `signer`'s key
 * prefers (AES-256 for keys made by Tessera, GnuPG and openpgp.js), which every Passbolt client supports.
 */
export async function encryptSharedBody(text: string, signer: UnlockedKey): Promise<SharedBody> {
  const sessionKey = await generateSessionKey({ encryptionKeys: signer.publicKey });
  try {
    if (sessionKey.aeadAlgorithm) throw new Error('an AEAD session key was chosen; Passbolt clients expect SEIPD v1');
    const message = await encrypt({
      message: await createMessage({ text }), sessionKey, signingKeys: signer.privateKey, format: 'object',
    });
    return { sessionKey: { data: sessionKey.data, algorithm: sessionKey.algorithm }, body: await toBytes(message.packets.write()) };
  } catch (err) {
    sessionKey.data.fill(0);
    throw new EncryptionError('The message could not be encrypted.', { cause: err });
  }
}

/**
 * A recipient's public key with the session-key encrypter for its current encryption subkey, looked up once for
 * wrapping many session keys. The subkey's validity (binding, flags, expiry, revocation) is judged when this is
 * made: make it per operation.
 */
export interface PreparedRecipient {
  key: PublicKey;
  encrypter: SessionKeyEncrypter;
}

/** Throws EncryptionError when the key cannot encrypt now. */
export async function prepareRecipient(recipient: PublicKeyInput, provider = sessionKeyProvider()): Promise<PreparedRecipient> {
  const key = await toPublicKey(recipient);
  return { key, encrypter: await provider.encrypterFor(key) };
}

function isPrepared(recipient: PublicKeyInput | PreparedRecipient): recipient is PreparedRecipient {
  return typeof recipient === 'object' && 'encrypter' in recipient;
}

/** The armored message for one recipient: a PKESK for their encryption (sub)key carrying `sessionKey`, then `body`. */
export async function wrapForRecipient(sessionKey: WrapKey, body: Uint8Array, recipient: PublicKeyInput | PreparedRecipient): Promise<string> {
  const prepared = isPrepared(recipient) ? recipient : await prepareRecipient(recipient);
  return wrapWith(sessionKey, body, prepared.encrypter);
}

/** The same with an encrypter already chosen (a prepared recipient's, or one made from encryption material). */
export async function wrapWith(sessionKey: WrapKey, body: Uint8Array, encrypter: SessionKeyEncrypter): Promise<string> {
  let pkesk: Uint8Array;
  try {
    pkesk = await encrypter.encrypt(sessionKey);
  } catch (err) {
    throw err instanceof EncryptionError ? err : unusableRecipientKey(err);
  }
  const packets = new Uint8Array(pkesk.length + body.length);
  packets.set(pkesk);
  packets.set(body, pkesk.length);
  // With the CRC line, as openpgp.js armors SEIPD v1 messages.
  return armor(enums.armor.message, packets, undefined, undefined, undefined, true);
}

/** openpgp.js hands parsed packet data out as its own array stream; both it and web streams have getReader(). */
async function toBytes(data: Uint8Array | { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }> } }): Promise<Uint8Array> {
  if (data instanceof Uint8Array) return data;
  const reader = data.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value) chunks.push(value);
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A new-format packet header (RFC 9580 §4.2.1) for a body of `length` octets, as openpgp.js writes it. */
function packetHeader(tag: number, length: number): Uint8Array {
  if (length < 192) return Uint8Array.of(0xc0 | tag, length);
  if (length < 8384) return Uint8Array.of(0xc0 | tag, ((length - 192) >> 8) + 192, (length - 192) & 0xff);
  return Uint8Array.of(0xc0 | tag, 255, length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
}

/**
 * The fields of a parsed SEIPD packet read here (untyped in openpgp's d.ts). openpgp.js keeps `encrypted` as its
 * ArrayStream, an array of chunks (read here without draining it; its write() and getReader() would), and drops it
 * once decrypted.
 */
interface ParsedSeipd {
  version: number;
  encrypted: Uint8Array | readonly Uint8Array[] | null;
}

/**
 * The message's one SEIPD v1 packet, written back from openpgp.js's parse (header included), when the message can
 * be re-wrapped as is: PKESKs, then that packet, and nothing else. Null for any other layout. (openpgp.js already
 * dropped marker and padding packets.) Call it before the message is decrypted.
 */
function rewrapBody(message: Message<string>): Uint8Array | null {
  let body: Uint8Array | null = null;
  for (const packet of message.packets) {
    const tag = packet instanceof UnparseablePacket ? null : (packet.constructor as { tag?: number }).tag;
    if (tag === enums.packet.publicKeyEncryptedSessionKey && body === null) continue;
    if (tag !== enums.packet.symEncryptedIntegrityProtectedData || body !== null) return null;
    const { version, encrypted } = packet as unknown as ParsedSeipd;
    if (version !== 1 || !encrypted) return null;
    const chunks = encrypted instanceof Uint8Array ? [encrypted] : [...encrypted];
    if (!chunks.every((chunk) => chunk instanceof Uint8Array)) return null;
    const length = 1 + chunks.reduce((n, chunk) => n + chunk.length, 0);
    const header = packetHeader(enums.packet.symEncryptedIntegrityProtectedData, length);
    body = new Uint8Array(header.length + length);
    body.set(header);
    body[header.length] = version;
    let at = header.length + 1;
    for (const chunk of chunks) {
      body.set(chunk, at);
      at += chunk.length;
    }
  }
  return body;
}

async function readArmoredMessage(armoredMessage: string): Promise<Message<string>> {
  try {
    return await readMessage({ armoredMessage });
  } catch (err) {
    throw new DecryptionError('The text is not a valid OpenPGP message.', { cause: err });
  }
}

/** A stored secret opened for passing on: its text and signature verdict, and what is needed to re-wrap it. */
export interface RewrapSource extends DecryptResult {
  /** null when the message cannot be re-wrapped as is (not one SEIPD v1 packet, or several session keys). */
  rewrap: SharedBody | null;
}

/**
 * Decrypts a message with `key` (judging its signature like decryptAndVerify) and keeps its session key and body.
 * The message is dearmored and parsed once (see openMessage).
 */
export async function openForRewrap(armoredMessage: string, key: UnlockedKey, knownKeys?: PublicKeyRing): Promise<RewrapSource> {
  const { result, sessionKeys, body } = await openMessage(armoredMessage, key, knownKeys);
  const single = sessionKeys.length === 1 ? sessionKeys[0] : undefined;
  if (!body || !single?.algorithm) {
    for (const sk of sessionKeys) sk.data.fill(0);
    return { ...result, rewrap: null };
  }
  return { ...result, rewrap: { sessionKey: { data: single.data, algorithm: single.algorithm }, body } };
}

/**
 * Dearmors and parses a message once (openpgp.js's readMessage); the active session-key provider reads its PKESKs
 * from that parse, the body to re-wrap is written back from it, and openpgp.js decrypts the data (integrity check)
 * and judges the signature. The caller owns (and zeroes) the returned session keys.
 */
async function openMessage(armoredMessage: string, key: UnlockedKey, knownKeys?: PublicKeyRing): Promise<{
  result: DecryptResult; sessionKeys: DecryptedSessionKey[]; body: Uint8Array | null;
}> {
  const message = await readArmoredMessage(armoredMessage);
  // Written before decryption: openpgp.js keeps the parsed packets, but the body must be the bytes as stored.
  const body = rewrapBody(message);
  const sessionKeys = await sessionKeyProvider().decryptSessionKeys(message, key);
  try {
    return { result: await decryptParsed(message, knownKeys, sessionKeys as SessionKeys), sessionKeys, body };
  } catch (err) {
    for (const sk of sessionKeys) sk.data.fill(0);
    throw err;
  }
}

type Verification = { keyID: { toHex(): string }; verified: Promise<true> };

async function judgeSignatures(signatures: Verification[], knownKeys?: PublicKeyRing): Promise<Omit<DecryptResult, 'text'>> {
  // Settle every promise so none rejects unhandled.
  const outcomes = await Promise.all(signatures.map((s) => s.verified.then(() => true, () => false)));
  if (signatures.length === 0) return { signature: 'unsigned' };
  let firstInvalid: string | undefined;
  for (const [i, sig] of signatures.entries()) {
    const keyId = sig.keyID.toHex().toUpperCase();
    const signer = knownKeys?.byKeyId(keyId);
    if (signer && outcomes[i]) return { signature: 'valid', signerFingerprint: signer.getFingerprint().toUpperCase() };
    if (signer && firstInvalid === undefined) firstInvalid = keyId;
  }
  if (firstInvalid !== undefined) return { signature: 'invalid', signerKeyId: firstInvalid };
  return { signature: 'unknown-signer', signerKeyId: (signatures[0] as Verification).keyID.toHex().toUpperCase() };
}

/** Decrypts and REQUIRES a valid signature by `expectedSigner`; throws SignatureError otherwise. */
export async function decryptAndRequireSignature(armoredMessage: string, key: UnlockedKey, expectedSigner: PublicKeyInput): Promise<string> {
  const signer = await toPublicKey(expectedSigner);
  const result = await decryptAndVerify(armoredMessage, key, PublicKeyRing.fromKeys([signer]));
  if (result.signature !== 'valid') throw new SignatureError(`The message is not signed by the expected key (${result.signature}).`);
  return result.text;
}

export class OpenPgpService {
  generateKeyPair = generateKeyPair;
  readKeyInfo = readKeyInfo;
  unlockPrivateKey = unlockPrivateKey;
  changePassphrase = changePassphrase;
  encryptAndSign = encryptAndSign;
  decryptAndVerify = decryptAndVerify;
  decryptAndRequireSignature = decryptAndRequireSignature;

  /** JWT login step 3: the challenge JSON encrypted to the server key and signed by the user. */
  encryptLoginChallenge(challengeJson: string, serverPublicKey: PublicKeyInput, userKey: UnlockedKey): Promise<string> {
    return encryptAndSign(challengeJson, serverPublicKey, userKey);
  }

  /** JWT login answer: decrypts with the user key; throws SignatureError unless signed by the server key. */
  decryptLoginResponse(armoredChallenge: string, userKey: UnlockedKey, serverPublicKey: PublicKeyInput): Promise<string> {
    return decryptAndRequireSignature(armoredChallenge, userKey, serverPublicKey);
  }
}
