/** The renderer's entry: fonts and styles, the i18n instance, and the React root. */
import '@fontsource/noto-sans-kr/400.css';
import '@fontsource/noto-sans-kr/500.css';
import '@fontsource/noto-sans-kr/600.css';
import './styles/theme.css';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app/App.tsx';
import { createI18n } from './i18n/i18n.ts';

const container = document.getElementById('root');
if (container === null) throw new Error('main: the page must contain #root, got none.');

createRoot(container).render(
  <StrictMode>
    <I18nextProvider i18n={createI18n()}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
