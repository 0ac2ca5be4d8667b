// What a hostile server can make on its own: key pairs it controls, OpenPGP messages encrypted to a user's public
// key (it has them all) and signed by a key of its choosing, and damaged copies of real messages. It cannot sign as a
// real user nor decrypt anything.
import { armor, createMessage, encrypt, enums, generateKey, readKey, readMessage, readPrivateKey, unarmor, type PrivateKey } from 'openpgp';

export interface AttackerKey {
  armoredPublic: string;
  privateKey: PrivateKey;
  fingerprint: string;
}

/** A fresh curve25519 key pair made out to `name <email>`. */
export async function attackerKey(name: string, email: string): Promise<AttackerKey> {
  const pair = await generateKey({ type: 'curve25519', userIDs: [{ name, email }], format: 'armored' });
  const privateKey = await readPrivateKey({ armoredKey: pair.privateKey });
  return { armoredPublic: pair.publicKey, privateKey, fingerprint: privateKey.getFingerprint().toUpperCase() };
}

/** Encrypts `text` to `recipientArmored` (one recipient, as Passbolt stores secrets), signed by `signer` if given. */
export async function forgeSecret(text: string, recipientArmored: string, signer?: PrivateKey): Promise<string> {
  const encryptionKeys = await readKey({ armoredKey: recipientArmored });
  return encrypt({ message: await createMessage({ text }), encryptionKeys, ...(signer ? { signingKeys: signer } : {}) });
}

/** The armored message with one bit of its encrypted data flipped (armor and checksum recomputed, so it still parses). */
export async function flipBitInCiphertext(armored: string): Promise<string> {
  const { data } = await unarmor(armored);
  const bytes = Uint8Array.from(data as Uint8Array);
  // Well inside the encrypted data packet, past the session key packet and the packet headers.
  bytes[bytes.length - 40] ^= 0x01;
  return armor(enums.armor.message, bytes);
}

/** The armored message with one character of its base64 body changed, as a careless or hostile edit would. */
export function flipCharInArmor(armored: string): string {
  const lines = armored.split('\n');
  const i = lines.findIndex((l, n) => n > 2 && l.length > 40);
  const line = lines[i]!;
  const c = line[20] === 'A' ? 'B' : 'A';
  lines[i] = `${line.slice(0, 20)}${c}${line.slice(21)}`;
  return lines.join('\n');
}

/** The key ids a message's session key packets are addressed to (uppercase hex). */
export async function recipientKeyIds(armored: string): Promise<string[]> {
  const message = await readMessage({ armoredMessage: armored });
  return message.packets.filterByTag(enums.packet.publicKeyEncryptedSessionKey)
    .map((p) => (p as unknown as { publicKeyID: { toHex(): string } }).publicKeyID.toHex().toUpperCase());
}

/** The key id of a public key's encryption subkey. */
export async function encryptionKeyId(armoredPublic: string): Promise<string> {
  const key = await readKey({ armoredKey: armoredPublic });
  return (await key.getEncryptionKey()).getKeyID().toHex().toUpperCase();
}
