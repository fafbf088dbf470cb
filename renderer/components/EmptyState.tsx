/** The placeholder a section shows before it has content: what will be here, and what it will offer. */
import { Icon, type IconName } from './Icon.tsx';

export interface EmptyStateProps {
  icon: IconName;
  title: string;
  body: string;
  /** Heading of the list of what the section will offer. */
  pointsLabel: string;
  points: readonly string[];
}

export function EmptyState({ icon, title, body, pointsLabel, points }: EmptyStateProps) {
  return (
    <div className="empty-state">
      <div className="empty-state__icon">
        <Icon name={icon} size={28} />
      </div>
      <h2 className="empty-state__title">{title}</h2>
      <p className="empty-state__body">{body}</p>
      <div className="empty-state__points">
        <h3 className="empty-state__points-label">{pointsLabel}</h3>
        <ul>
          {points.map((point) => (
            <li key={point}>
              <Icon name="check" size={16} />
              <span>{point}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
