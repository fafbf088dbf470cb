/** Tests of metric formatting and the headline metric per task. */
import { describe, expect, it } from 'vitest';
import { formatMetric, higherIsBetter, primaryMetricOf } from './metricFormat.ts';

describe('formatMetric', () => {
  it('writes fractions as percentages and errors with four significant digits', () => {
    expect(formatMetric('accuracy', 0.8751, 'en')).toBe('87.5%');
    expect(formatMetric('baseline.entityF1', 0.5, 'en')).toBe('50.0%');
    expect(formatMetric('mae', 2.17345, 'en')).toBe('2.173');
    expect(formatMetric('bleu', 16.54, 'en')).toBe('16.5');
    expect(formatMetric('bleu1', 45.678, 'en')).toBe('45.7');
    expect(formatMetric('loss', Number.NaN, 'en')).toBe('—');
  });

  it('writes MAPE, already in percent, with a % sign; MASE as a plain ratio', () => {
    expect(formatMetric('mape', 53.58, 'en')).toBe('53.6%');
    expect(formatMetric('baseline.naiveMape', 7.04, 'ko')).toBe('7.0%');
    expect(formatMetric('mase', 0.8123, 'en')).toBe('0.8123');
  });

  it('knows which direction is better', () => {
    expect(higherIsBetter('accuracy')).toBe(true);
    expect(higherIsBetter('baseline.bleu')).toBe(true);
    expect(higherIsBetter('perplexity')).toBe(false);
  });

  it("writes captioning's BLEU-1…4 as BLEU, higher being better", () => {
    expect(formatMetric('bleu1', 61.234, 'en')).toBe('61.2');
    expect(formatMetric('baseline.bleu4', 3.04, 'ko')).toBe('3.0');
    expect(higherIsBetter('baseline.bleu2')).toBe(true);
    expect(higherIsBetter('bleu5')).toBe(false);
    expect(primaryMetricOf('caption', ['loss', 'bleu1', 'bleu'])).toBe('bleu');
  });
});

describe('primaryMetricOf', () => {
  it('prefers entity F1 for NER and token accuracy for POS tags', () => {
    expect(primaryMetricOf('tag', ['loss', 'tokenAccuracy', 'entityF1'])).toBe('entityF1');
    expect(primaryMetricOf('tag', ['loss', 'tokenAccuracy'])).toBe('tokenAccuracy');
    expect(primaryMetricOf('forecast', ['loss', 'mae', 'rmse'])).toBe('mae');
    expect(primaryMetricOf('other', ['loss'])).toBe('loss');
  });
});
