// How the console writes figures and times, in the page's language.

const units = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Bytes in the largest unit that keeps at least 1 (decimal units, as disks are sold). */
export function formatBytes(bytes: number, language: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const unitName = language.startsWith('fr') ? units[unit]!.replace('B', 'o') : units[unit]!;
  return `${value.toLocaleString(language, { maximumFractionDigits: digits })} ${unitName}`;
}

export const formatNumber = (n: number, language: string) => n.toLocaleString(language);

export const formatTime = (at: number, language: string) =>
  new Date(at).toLocaleString(language, { dateStyle: 'short', timeStyle: 'medium' });
