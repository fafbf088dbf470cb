/** The RNN Studio logo mark and name, shown at the top of the navigation. */
export function BrandMark({ name, tagline }: { name: string; tagline: string }) {
  return (
    <div className="brand">
      <svg className="brand__mark" viewBox="0 0 32 32" width="30" height="30" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="var(--accent)" />
        <path
          d="M8 20c3-8 5-8 8 0s5 8 8 0"
          fill="none"
          stroke="var(--on-accent)"
          strokeWidth="2.6"
          strokeLinecap="round"
        />
        <circle cx="8" cy="11" r="2.2" fill="var(--on-accent)" />
        <circle cx="16" cy="11" r="2.2" fill="var(--on-accent)" opacity=".75" />
        <circle cx="24" cy="11" r="2.2" fill="var(--on-accent)" opacity=".5" />
      </svg>
      <div className="brand__text">
        <span className="brand__name">{name}</span>
        <span className="brand__tagline">{tagline}</span>
      </div>
    </div>
  );
}
