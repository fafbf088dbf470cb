/** The columns the importer found (inferred type, missing and distinct values, examples and the role each plays), then the forecast's derived columns with their formulas. */

import { useTranslation } from 'react-i18next';
import { type ColumnRoles, derivedFormula, type Inspection } from '../../../core/data/index.ts';
import type { DerivedColumn } from '../../../core/tasks/spec.ts';
import { columnLabel } from '../../components/columnLabel.ts';
import { formatCount } from '../../components/format.ts';
import type { RoleName } from './taskRoles.ts';

function rolesOf(name: string, roles: ColumnRoles): RoleName[] {
  const out: RoleName[] = [];
  for (const key of ['text', 'label', 'target', 'date', 'source', 'token', 'tag'] as const) {
    if (roles[key] === name) out.push(key);
  }
  if (roles.features?.includes(name) === true) out.push('features');
  return out;
}

export function ColumnList({
  inspection,
  roles,
  derived = [],
}: {
  inspection: Inspection;
  roles: ColumnRoles;
  /** Derived columns, listed after the file's own (computed when the series is read). */
  derived?: readonly DerivedColumn[];
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <section className="panel" aria-labelledby="columns-heading">
      <h2 className="panel__title" id="columns-heading">
        {t('data.columns.title')}
      </h2>
      <div className="table-wrap">
        <table className="columns-table" data-testid="column-list">
          <thead>
            <tr>
              <th scope="col">{t('data.columns.name')}</th>
              <th scope="col">{t('data.columns.type')}</th>
              <th scope="col">{t('data.columns.missing')}</th>
              <th scope="col">{t('data.columns.distinct')}</th>
              <th scope="col">{t('data.columns.role')}</th>
              <th scope="col">{t('data.columns.examples')}</th>
            </tr>
          </thead>
          <tbody>
            {inspection.columns.map((c) => (
              <tr key={c.name}>
                <th scope="row">{columnLabel(c.name, t, inspection.format)}</th>
                <td>
                  <span className="type-chip" data-type={c.type}>
                    {t(`data.types.${c.type}`)}
                  </span>
                </td>
                <td className="num" data-missing={c.missing > 0}>
                  {formatCount(c.missing, lng)}
                </td>
                <td className="num">
                  {c.distinctCapped ? '≥ ' : ''}
                  {formatCount(c.distinct, lng)}
                </td>
                <td>
                  {rolesOf(c.name, roles).map((r) => (
                    <span key={r} className="badge">
                      {t(`data.roles.${r}`)}
                    </span>
                  ))}
                </td>
                <td className="examples" title={c.examples.join(' · ')}>
                  {c.examples.slice(0, 3).join(' · ')}
                </td>
              </tr>
            ))}
            {derived.map((d) => (
              <tr key={`derived-${d.name}`} data-testid="derived-column-row">
                <th scope="row">{d.name}</th>
                <td>
                  <span className="type-chip" data-type="number">
                    {t('data.types.number')}
                  </span>
                  <span className="badge">{t('data.derived.badge')}</span>
                </td>
                <td className="num">—</td>
                <td className="num">—</td>
                <td>
                  {rolesOf(d.name, roles).map((r) => (
                    <span key={r} className="badge">
                      {t(`data.roles.${r}`)}
                    </span>
                  ))}
                </td>
                <td className="examples">= {derivedFormula(d)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
