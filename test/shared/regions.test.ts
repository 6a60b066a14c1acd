/** The county resolver on the real region table: what units write in 产地. */
import { describe, expect, it } from 'vitest';
import { loadReference } from '../../electron/core/reference/reference';

const resolve = loadReference().resolveCounty;

describe('county resolver', () => {
  const expectCounties = (cases: [text: string, code: string][]) => {
    for (const [text, code] of cases) expect([text, resolve(text)]).toEqual([text, { code }]);
  };

  it('reads a prefecture that shares its name with its province (吉林省吉林市) or begins like another province (海南藏族自治州)', () => {
    expectCounties([
      ['吉林省吉林市船营区', '220204'],
      ['吉林市船营区', '220204'],
      ['青海省海南藏族自治州共和县', '632521'],
      ['海南藏族自治州共和县', '632521'],
      ['海南州共和县', '632521'],
    ]);
  });

  it('still reads a municipality written twice, and a county after its province', () => {
    expectCounties([
      ['重庆市重庆市万州区', '500101'],
      ['北京市北京市朝阳区', '110105'],
      ['云南省勐海县', '532822'],
      ['青海省果洛州玛沁县', '632621'],
    ]);
  });

  it('reads an autonomous county written as a plain county (务川县, 澜沧县, 务川自治县) as units write them', () => {
    expectCounties([
      ['遵义市务川县', '520326'],
      ['务川自治县', '520326'],
      ['道真县', '520325'],
      ['普洱市澜沧县', '530828'],
      ['鄂伦春旗', '150723'],
    ]);
  });

  it('says when the unit stopped at the prefecture, with or without its province', () => {
    for (const text of ['红河州', '云南省红河州', '西藏日喀则', '吉林省吉林市', '内蒙古兴安盟']) {
      const r = resolve(text);
      expect([text, 'error' in r ? r.error : r.code]).toEqual([text, `“${text}”是地市，请写到县（区、县级市）`]);
    }
  });
});
