// The editor's look in the page's colours: one theme for light and dark, since
// every colour is a light-dark() pair that follows the page's color-scheme (the
// OS, or the Theme button). CodeMirror's own default highlighting is for light only.
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: 'light-dark(#7a1fa2, #d7a2f5)' },
  { tag: [tags.atom, tags.bool, tags.null], color: 'light-dark(#1f3aa8, #8fb2ff)' },
  { tag: [tags.number, tags.literal], color: 'light-dark(#116329, #7ee2a8)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'light-dark(#a31515, #f5a97f)' },
  { tag: tags.comment, color: 'light-dark(#6a737d, #8b949e)', fontStyle: 'italic' },
  { tag: [tags.definition(tags.variableName), tags.function(tags.definition(tags.variableName))], color: 'light-dark(#0b5cad, #79c0ff)' },
  { tag: [tags.className, tags.typeName], color: 'light-dark(#116329, #7ee2a8)' },
  { tag: tags.operator, color: 'light-dark(#b04a00, #ffb86b)' },
  { tag: tags.invalid, color: 'light-dark(#b3261e, #ff8a80)' },
]);

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--card)', color: 'var(--text)' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--page)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '&.cm-focused .cm-activeLine': { backgroundColor: 'light-dark(#eef4fb, #1f2a36)' },
  '&.cm-focused .cm-activeLineGutter': { backgroundColor: 'light-dark(#dde8f5, #243244)' },
  // Only the editor being typed in shows where its cursor is.
  '&:not(.cm-focused) .cm-activeLine, &:not(.cm-focused) .cm-activeLineGutter': { backgroundColor: 'transparent' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'light-dark(#cfe0f5, #2c4a6e)' },
  '.cm-matchingBracket': { backgroundColor: 'light-dark(#d7ecd9, #2d4a33)', outline: 'none' },
});

export const editorTheme = [theme, syntaxHighlighting(highlight)];
