import { useIntl } from 'react-intl';
import { DATE_FORMAT, DATE_TIME_FORMAT } from './dates';

/** A day as the language writes it, in a <time> that keeps the exact instant for machines. */
export function DateText({ value }: { value: string }) {
  const intl = useIntl();
  return <time dateTime={value}>{intl.formatDate(value, DATE_FORMAT)}</time>;
}

/** A day and its time as the language writes them. */
export function DateTimeText({ value }: { value: string }) {
  const intl = useIntl();
  return <time dateTime={value}>{intl.formatDate(value, DATE_TIME_FORMAT)}</time>;
}
