/** Pick-list suggestions and the text an edit starts with (renderer/src/grid/pick-suggestions.ts, type-to-edit.ts). */
import { describe, expect, it } from 'vitest';
import { FIELD_BY_KEY } from '../../shared/record-fields';
import { pickedValue, pickSuggestions } from '../../renderer/src/grid/pick-suggestions';
import { typedKey, typedText } from '../../renderer/src/grid/type-to-edit';

const counties = {
  counties: [
    { code: '110101', name: '东城区', prefectureName: '北京市', provinceName: '北京市' },
    { code: '632621', name: '玛沁县', prefectureName: '果洛藏族自治州', provinceName: '青海省' },
    { code: '532822', name: '勐海县', prefectureName: '西双版纳傣族自治州', provinceName: '云南省' },
    { code: '532823', name: '勐腊县', prefectureName: '西双版纳傣族自治州', provinceName: '云南省' },
    { code: '999999', name: '海勐县', prefectureName: '某州', provinceName: '某省' },
  ],
  pairedCodes: new Set(['632621', '532822', '532823']),
};

describe('pick-list suggestions', () => {
  it('offers the options containing the typed text, an exact match first', () => {
    expect(pickSuggestions(FIELD_BY_KEY.purchaserType, '机关', null).map((o) => o.value)).toEqual(['党政机关']);
    expect(pickSuggestions(FIELD_BY_KEY.channel, '832', null)[0].value).toBe('832平台');
    expect(pickSuggestions(FIELD_BY_KEY.category, '其他', null)[0].value).toBe('其他');
    expect(pickSuggestions(FIELD_BY_KEY.kind, '', null).length).toBe(FIELD_BY_KEY.kind.options!.length);
  });

  it('offers counties by name or code: names starting with the text first, then paired counties', () => {
    expect(pickSuggestions(FIELD_BY_KEY.originCode, '勐', counties).map((o) => o.label)).toEqual(['勐海县', '勐腊县', '海勐县']);
    expect(pickSuggestions(FIELD_BY_KEY.originCode, '6326', counties).map((o) => o.value)).toEqual(['632621']);
    expect(pickSuggestions(FIELD_BY_KEY.originCode, '', counties).map((o) => o.value)).toEqual(['632621', '532822', '532823']);
    expect(pickSuggestions(FIELD_BY_KEY.originCode, '西双版纳', counties)[0].hint).toBe('云南省西双版纳傣族自治州 532822');
  });

  it('hands over the highlighted suggestion once something is typed or chosen with the arrows', () => {
    const options = pickSuggestions(FIELD_BY_KEY.purchaserType, '机关', null);
    expect(pickedValue('机关', { typed: true, moved: false }, options, 0)).toBe('党政机关');
    // opened with F2 and left alone: the value stays as it was
    expect(pickedValue('学校', { typed: false, moved: false }, options, 0)).toBe('学校');
    expect(pickedValue('', { typed: false, moved: true }, options, 0)).toBe('党政机关');
    // typed text that matches nothing is kept, to be shown in red with the reason
    expect(pickedValue('机构改革办', { typed: true, moved: false }, [], 0)).toBe('机构改革办');
    expect(pickedValue('  ', { typed: true, moved: false }, options, 0)).toBe('  ');
  });
});

describe('the text an edit starts with', () => {
  it('is one typed character, or the words an input method composed', () => {
    expect(typedText('a')).toBe('a');
    expect(typedText(typedKey('机关'))).toBe('机关');
    // 'Ok' inserted by a handwriting panel is text, not a key name
    expect(typedText(typedKey('Ok'))).toBe('Ok');
  });

  it('is nothing for the keys that open the editor on the value', () => {
    for (const key of ['F2', 'Enter', 'Backspace', 'Delete', null, undefined, '']) expect(typedText(key)).toBeNull();
  });
});
