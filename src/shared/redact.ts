/**
 * Text fit for logs and messages: passwords in connection URLs (`user:password@`) and in
 * `password=` parameters are replaced.
 */
export function redactSecrets(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@').replace(/([?&]password=)[^&\s]*/gi, '$1***');
}
