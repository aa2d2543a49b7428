import { App as AntApp, ConfigProvider } from 'antd';
import ruRU from 'antd/locale/ru_RU';
import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

dayjs.locale('ru');

/** ГИС ОМС blue; secondary texts darker than antd's defaults so they pass WCAG AA contrast (axe). */
const THEME = { colorPrimary: '#0d4cd3', colorTextTertiary: 'rgba(0, 0, 0, 0.65)', colorTextDescription: 'rgba(0, 0, 0, 0.65)' };

/** `signedIn`: the code exchange already under way when the page is the issuer's callback. */
export function mount(signedIn?: Promise<string>): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ConfigProvider locale={ruRU} theme={{ token: THEME }}>
        <AntApp>
          <App signedIn={signedIn} />
        </AntApp>
      </ConfigProvider>
    </StrictMode>,
  );
}
