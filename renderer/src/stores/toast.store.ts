// The short confirmation after a copy (and other one-line outcomes), announced by the status live region.
import { create } from 'zustand';

export type ToastTone = 'success' | 'warning' | 'error';

interface ToastState {
  readonly message: string | null;
  readonly detail: string | null;
  readonly tone: ToastTone;
  readonly seq: number;
  show(message: string, options?: { detail?: string | null; tone?: ToastTone; ms?: number }): void;
  clear(): void;
}

let timer: ReturnType<typeof setTimeout> | undefined;

export const useToastStore = create<ToastState>()((set, get) => ({
  message: null,
  detail: null,
  tone: 'success',
  seq: 0,
  show(message, options = {}) {
    if (timer !== undefined) clearTimeout(timer);
    set({ message, detail: options.detail ?? null, tone: options.tone ?? 'success', seq: get().seq + 1 });
    timer = setTimeout(() => get().clear(), options.ms ?? (options.tone && options.tone !== 'success' ? 9000 : 5000));
  },
  clear() {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    set({ message: null, detail: null });
  },
}));
