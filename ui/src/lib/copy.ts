// Copying to the system clipboard, with the short confirmation the screens show.
import { writeText } from '@tauri-apps/plugin-clipboard-manager';
import { t } from './i18n.svelte';

/** Copies `text`, then shows "`what` copied." through `note` for a moment. */
export async function copyText(text: string, what: string, note: (shown: string) => void): Promise<void> {
  await writeText(text);
  note(t('common.copied', { what }));
  setTimeout(() => note(''), 2500);
}
