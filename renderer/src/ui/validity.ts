/**
 * Form checks in the app's own words. The browser's own bubbles speak the browser's language
 * ("Please fill out this field" in an English Windows); every `required`, `minLength`, `min`…
 * of the app's forms is answered here in Chinese instead, through setCustomValidity, so the
 * forms keep the browser's checks and the way it points at the field. Installed once (main.tsx).
 */
type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export function chineseValidationMessage(field: Field): string {
  const v = field.validity;
  if (v.valueMissing) return field instanceof HTMLSelectElement ? '请选择一项' : field.type === 'file' ? '请选择文件' : '请填写此项';
  if (v.badInput) return field.type === 'number' ? '请输入数字' : '请输入有效的值';
  if (v.tooShort) return `请至少填写 ${(field as HTMLInputElement).minLength} 个字（现在 ${field.value.length} 个）`;
  if (v.tooLong) return `最多 ${(field as HTMLInputElement).maxLength} 个字（现在 ${field.value.length} 个）`;
  if (v.rangeUnderflow) return `不能小于 ${(field as HTMLInputElement).min}`;
  if (v.rangeOverflow) return `不能大于 ${(field as HTMLInputElement).max}`;
  if (v.stepMismatch) return (field as HTMLInputElement).step === '1' ? '请输入整数' : `请输入 ${(field as HTMLInputElement).step} 的整数倍`;
  if (v.typeMismatch) return field.type === 'email' ? '请输入有效的电子邮箱地址' : field.type === 'url' ? '请输入有效的网址' : '格式不对';
  if (v.patternMismatch) return field.title ? `格式不对：${field.title}` : '格式不对';
  return '';
}

const isField = (t: EventTarget | null): t is Field => t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement;

export function installChineseValidation(doc: Document = document): void {
  // 'invalid' does not bubble: listen in the capture phase, before the browser reports.
  doc.addEventListener(
    'invalid',
    (e) => {
      if (!isField(e.target)) return;
      e.target.setCustomValidity('');
      e.target.setCustomValidity(chineseValidationMessage(e.target));
    },
    true,
  );
  // A custom message makes the field invalid until cleared: clear it as soon as it is edited.
  const clear = (e: Event) => isField(e.target) && e.target.setCustomValidity('');
  doc.addEventListener('input', clear, true);
  doc.addEventListener('change', clear, true);
}
