import { PortError } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';

/** The fields nodemailer puts on its errors (all optional: a socket error has no SMTP reply). */
interface SmtpFailure {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/** Mail servers quote the recipient in their replies; failure messages reach logs and the timeline, so addresses go. */
function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>"'@]+@[^\s<>"']+/g, '[address]');
}

/**
 * A failed SMTP send in our vocabulary. A 5xx reply (unknown mailbox, message refused) or an
 * envelope nodemailer itself refuses is permanent: NOTIFICATION_REFUSED, not retried. Anything
 * else (connection refused, timeout, 4xx "try later", a rejected login while the settings get
 * fixed) is transient: UNAVAILABLE, retried by the activity.
 */
export function smtpPortError(err: unknown): PortError {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SmtpFailure;
  const reply = e.response ? `: ${withoutAddresses(e.response)}` : '';
  const what = `${e.code ?? 'SMTP'}${e.command ? ` at ${e.command}` : ''}`;
  if (e.responseCode !== undefined && e.responseCode >= 500 && e.responseCode < 600) {
    return new PortError(ErrorType.NOTIFICATION_REFUSED, `the mail server refused the message (${e.responseCode})${reply}`, false);
  }
  if (e.code === 'EENVELOPE' && e.responseCode === undefined) {
    return new PortError(ErrorType.NOTIFICATION_REFUSED, `the message cannot be sent: ${withoutAddresses(e.message ?? 'invalid envelope')}`, false);
  }
  const status = e.responseCode !== undefined ? ` (${e.responseCode})` : '';
  return new PortError(ErrorType.UNAVAILABLE, `the mail server is unavailable, ${what}${status}: ${withoutAddresses(e.message ?? 'unknown error')}`, true);
}
