/** The frame of one section: its step, title and one-line summary above the section's content. */
import type { ReactNode } from 'react';

export interface SectionLayoutProps {
  /** E.g. "Step 1 of 5". */
  step: string;
  title: string;
  summary: string;
  children: ReactNode;
}

export function SectionLayout({ step, title, summary, children }: SectionLayoutProps) {
  return (
    <div className="section">
      <header className="section__header">
        <span className="section__step">{step}</span>
        <h1 className="section__title">{title}</h1>
        <p className="section__summary">{summary}</p>
      </header>
      <div className="section__body">{children}</div>
    </div>
  );
}
