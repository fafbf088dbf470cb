/** The open project's datasets in Data (desktop app only): each file with its state on disk, Open for one that is there, Locate… for one that moved. */
import { useTranslation } from 'react-i18next';
import { useProjectState, useProjectStore } from '../../app/appProject.ts';
import { formatBytes, formatPercent } from '../../components/format.ts';
import { Notice } from '../../components/Notice.tsx';

export function ProjectDatasets() {
  const { t, i18n } = useTranslation();
  const store = useProjectStore();
  const state = useProjectState();
  if (store === null || state === null || state.view === null) return null;
  const { view, activeDatasetId, loadingDatasetId, loadingProgress, error } = state;
  const datasets = view.project.datasets;
  if (datasets.length === 0) return null;
  return (
    <section
      className="panel project-datasets"
      aria-labelledby="project-datasets-heading"
      data-testid="project-datasets"
    >
      <h2 className="panel__title" id="project-datasets-heading">
        {t('project.datasets.title')}
      </h2>
      <p className="panel__hint">{t('project.datasets.hint')}</p>
      <ul className="project-datasets__list">
        {datasets.map((d) => {
          const status = view.datasets[d.id] ?? { status: 'ok' as const };
          const active = d.id === activeDatasetId;
          const loading = d.id === loadingDatasetId;
          return (
            <li
              key={d.id}
              className="project-datasets__item"
              data-status={status.status}
              data-testid={`project-dataset-${d.name}`}
            >
              <div className="project-datasets__main">
                <span className="project-datasets__name">{d.name}</span>
                <span className="project-datasets__path" title={d.path}>
                  {d.path} · {formatBytes(d.size, i18n.language)}
                </span>
                <span
                  className="project-datasets__status"
                  data-status={status.status}
                  data-testid="project-dataset-status"
                >
                  {status.status === 'changed'
                    ? t('project.datasets.status.changed', { detail: status.detail })
                    : t(`project.datasets.status.${status.status}`)}
                </span>
              </div>
              <div className="project-datasets__actions">
                {active ? (
                  <span className="project-datasets__in-use">{t('project.datasets.inUse')}</span>
                ) : (
                  status.status !== 'missing' &&
                  status.status !== 'unconfirmed' && (
                    <button
                      type="button"
                      className="button"
                      disabled={loading}
                      onClick={() => void store.openDataset(d.id)}
                    >
                      {!loading
                        ? t('project.datasets.open')
                        : loadingProgress !== null && loadingProgress.bytesTotal > 0
                          ? t('project.datasets.openingProgress', {
                              percent: formatPercent(
                                loadingProgress.bytesRead / loadingProgress.bytesTotal,
                                i18n.language,
                              ),
                            })
                          : t('project.datasets.opening')}
                    </button>
                  )
                )}
                {status.status !== 'ok' && (
                  <button
                    type="button"
                    className={
                      status.status === 'missing' || status.status === 'unconfirmed'
                        ? 'button button--primary'
                        : 'button'
                    }
                    onClick={() => void store.locate(d.id, { acceptChanged: false })}
                  >
                    {t('project.datasets.locate')}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {error?.acceptChangedFor !== undefined && (
        <Notice
          tone="warn"
          title={t('project.datasets.different')}
          testId="project-locate-refused"
          actions={
            <>
              <button
                type="button"
                className="button"
                onClick={() =>
                  void store.locate(error.acceptChangedFor as string, { acceptChanged: true })
                }
              >
                {t('project.datasets.useAnyway')}
              </button>
              <button
                type="button"
                className="button button--quiet"
                onClick={() => store.dismissError()}
              >
                {t('project.dismiss')}
              </button>
            </>
          }
        >
          <p>{error.message}</p>
        </Notice>
      )}
    </section>
  );
}
