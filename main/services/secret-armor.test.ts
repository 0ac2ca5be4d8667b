// The shape a stored secret must have before the app decrypts it: one armored message, nothing around it.
import { describe, expect, it } from 'vitest';
import { armorFault, MAX_SECRET_ARMOR_LENGTH } from './secret-armor';

const message = ['-----BEGIN PGP MESSAGE-----', '', 'wcBMA0ZyRjQ5b0dvAQgAn8o=', '=abcd', '-----END PGP MESSAGE-----'].join('\n');

describe('armorFault', () => {
  it('accepts one message, with whitespace and CRLF line ends around and inside it', () => {
    expect(armorFault(message)).toBeUndefined();
    expect(armorFault(`\n  ${message.replace(/\n/g, '\r\n')}  \n`)).toBeUndefined();
  });

  it('names what is wrong with anything else', () => {
    expect(armorFault('hunter2')).toMatch(/not an OpenPGP message/);
    expect(armorFault(`Hello\n${message}`)).toMatch(/text before/);
    expect(armorFault(`${message}\nP.S. visit https://evil.test`)).toMatch(/text after/);
    expect(armorFault(`${message}\n${message}`)).toMatch(/more than one message/);
    expect(armorFault(message.replace('-----END PGP MESSAGE-----', ''))).toMatch(/cut short/);
    expect(armorFault(message.replace('=abcd', '-----BEGIN PGP SIGNATURE-----'))).toMatch(/more than one message/);
    expect(armorFault(message.replace('=abcd', `${'A'.repeat(MAX_SECRET_ARMOR_LENGTH)}`))).toMatch(/far larger/);
  });
});
