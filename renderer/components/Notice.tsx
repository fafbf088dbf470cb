/** A coloured notice: an error panel (role alert) or a warning/info remark, with optional actions. */
import './components.css';
import type { ReactNode } from 'react';

export type NoticeTone = 'error' | 'warn' | 'info';

export interface NoticeProps {
  tone: NoticeTone;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}

export function Notice({ tone, title, children, actions, testId }: NoticeProps) {
  return (
    <div
      className="notice"
      data-tone={tone}
      role={tone === 'error' ? 'alert' : 'note'}
      data-testid={testId}
    >
      <p className="notice__title">{title}</p>
      {children !== undefined && <div className="notice__body">{children}</div>}
      {actions !== undefined && <div className="notice__actions">{actions}</div>}
    </div>
  );
}
