import type { InputHTMLAttributes, ReactNode } from 'react';

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
};

/** A labelled one-line input: the label wraps it, so the input is named for screen readers and clicks. */
export function TextField({ label, onChange, ...input }: TextFieldProps) {
  return (
    <label>
      {label}
      <input {...input} onChange={(event) => onChange(event.target.value)} />
    </label>
  );
}
