import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { QuickApp } from './quick/quick-app';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
// Main loads the same renderer into the quick-access window at #quick.
const quick = location.hash === '#quick';
createRoot(container).render(
  <StrictMode>
    {quick ? <QuickApp /> : <App />}
  </StrictMode>,
);
