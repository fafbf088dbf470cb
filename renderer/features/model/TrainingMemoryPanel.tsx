/** Training memory for the loaded file and the current model (core's estimate), the memory it is compared with and where that figure comes from, with a warning before a run that would not fit. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../app/store.ts';
import { formatBytes } from '../../components/format.ts';
import { Notice } from '../../components/Notice.tsx';
import { datasetDims } from '../data/dims.ts';
import { trainingMemory } from './trainingMemory.ts';
import { useHostMemory } from './useHostMemory.ts';

export function TrainingMemoryPanel() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const spec = useStudio((s) => s.spec);
  const dataset = useStudio((s) => s.dataset);
  const host = useHostMemory();
  const memory = useMemo(() => {
    if (dataset === null) return null;
    const dims = datasetDims(spec, dataset.preview, dataset.inspection);
    return trainingMemory(spec, { fileBytes: dataset.file.size, dims, host });
  }, [spec, dataset, host]);
  if (memory === null) return null;
  const { estimate, verdict } = memory;
  const bytes = (n: number) => formatBytes(n, lng);
  const parts = {
    total: bytes(estimate.totalBytes),
    file: bytes(estimate.fileBytes),
    data: bytes(estimate.dataBytes),
    model: bytes(estimate.modelBytes),
    runtime: bytes(estimate.runtimeBytes),
  };
  return (
    <div className="training-memory" data-testid="run-memory">
      <p className="panel__hint">{t('memoryBudget.estimate', parts)}</p>
      <p className="panel__hint" data-testid="run-memory-host">
        {memory.host.source === 'unknown'
          ? t('memoryBudget.host.unknown')
          : t(`memoryBudget.host.${memory.host.source}`, { available: bytes(memory.host.bytes) })}
      </p>
      {(verdict.code === 'too-large' || verdict.code === 'tight') && (
        <Notice
          tone={verdict.code === 'too-large' ? 'error' : 'warn'}
          title={t(`memoryBudget.${verdict.code}.title`, {
            needed: bytes(verdict.neededBytes),
            available: bytes(verdict.availableBytes),
          })}
          testId="run-memory-warning"
        >
          <p>{t(`memoryBudget.${verdict.code}.hint`)}</p>
        </Notice>
      )}
    </div>
  );
}
